// libFuzzer target: arbitrary bytes as a controller<->executor message (core/model/
// executor_messages.h), the JSON both daemons accept on /apis/v1/messages. Whatever parses must
// serialise and parse back to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/executor_messages.h"

namespace {

namespace core = drove::core;
using nlohmann::json;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

template <typename Message>
void RoundTrip(const core::Result<Message>& parsed,
               core::Result<Message> (*parse)(const json&), std::string_view input) {
  if (!parsed.ok()) {
    if (parsed.error().empty()) Fail("refusal without a reason", input);
    return;
  }
  auto again = parse(json(parsed.value()));
  if (!again.ok() || !(again.value() == parsed.value())) Fail("round trip", input);
}

void ControllerSide(const json& message, std::string_view input) {
  auto type = core::ParseControllerMessageType(message);
  if (!type.ok()) return;
  switch (*type) {
    case core::ControllerMessageType::kStartInstance:
      return RoundTrip(core::ParseStartInstanceMessage(message), core::ParseStartInstanceMessage, input);
    case core::ControllerMessageType::kStopInstance:
      return RoundTrip(core::ParseStopInstanceMessage(message), core::ParseStopInstanceMessage, input);
    case core::ControllerMessageType::kStartTask:
      return RoundTrip(core::ParseStartTaskMessage(message), core::ParseStartTaskMessage, input);
    case core::ControllerMessageType::kStopTask:
      return RoundTrip(core::ParseStopTaskMessage(message), core::ParseStopTaskMessage, input);
  }
}

void ExecutorSide(const json& message, std::string_view input) {
  auto type = core::ParseExecutorMessageType(message);
  if (!type.ok()) return;
  switch (*type) {
    case core::ExecutorMessageType::kExecutorSnapshot:
      return RoundTrip(core::ParseExecutorSnapshotMessage(message),
                       core::ParseExecutorSnapshotMessage, input);
    case core::ExecutorMessageType::kInstanceState:
      return RoundTrip(core::ParseInstanceStateMessage(message), core::ParseInstanceStateMessage,
                       input);
    case core::ExecutorMessageType::kTaskState:
      return RoundTrip(core::ParseTaskStateMessage(message), core::ParseTaskStateMessage, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  json message = json::parse(text, nullptr, false);
  if (message.is_discarded()) return 0;
  ControllerSide(message, text);
  ExecutorSide(message, text);
  return 0;
}
