// libFuzzer target: arbitrary bytes -> JSON -> ApplicationSpec / ApplicationOperation / TaskOperation -> validation -> round trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/operations.h"
#include "orchestrator/core/model/validation.h"

namespace {

using drove::core::ParseJson;

// What we write must read back as the same value (the controller stores and reloads it).
template <typename T>
void CheckRoundTrip(const T& value) {
  nlohmann::json out = value;
  std::string text = out.dump();
  auto back = ParseJson<T>(nlohmann::json::parse(text));
  if (!back.ok() || !(*back == value)) {
    std::fprintf(stderr, "round trip mismatch: %s\n%s\n", text.c_str(), back.error().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;

  auto spec = drove::core::ParseApplicationSpec(j);
  if (spec.ok()) {
    (void)drove::core::ValidateApplicationSpec(*spec);
    (void)drove::core::MaskApplicationSpec(*spec);
    CheckRoundTrip(*spec);
  }
  auto op = drove::core::ParseApplicationOperation(j);
  if (op.ok()) {
    (void)drove::core::ValidateOperation(*op);
    (void)drove::core::OperationAppId(*op);
    CheckRoundTrip(*op);
  }
  auto task_op = drove::core::ParseTaskOperation(j);
  if (task_op.ok()) {
    (void)drove::core::ValidateOperation(*task_op);
    CheckRoundTrip(*task_op);
  }
  return 0;
}
