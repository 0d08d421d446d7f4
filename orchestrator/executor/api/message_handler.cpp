// Message parsing and dispatch for POST /apis/v1/messages.
#include "orchestrator/executor/api/message_handler.h"

#include <utility>

#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/util/log.h"

namespace drove::executor {
namespace {

// The controller stamps each start with this executor's state as it knows it: a blacklisted
// executor takes nothing new, whoever sent the start (Drove's executors refuse it too).
core::Status CheckAcceptsStarts(core::ExecutorState stamped) {
  if (stamped == core::ExecutorState::kActive) return core::Status::Ok();
  return core::Status::Error("executor is " + std::string(core::ToString(stamped)) +
                             ": it takes no new instances or tasks");
}

core::Status StartInstance(const nlohmann::json& message, RunnerRegistry& registry) {
  auto start = core::ParseStartInstanceMessage(message);
  if (!start.ok()) return start.status();
  if (auto st = CheckAcceptsStarts(start->executor_state); !st.ok()) return st;
  registry.StartInstance(std::move(start->spec), std::move(start->instance),
                         std::move(start->instance_auth_token));
  return core::Status::Ok();
}

core::Status StopInstance(const nlohmann::json& message, RunnerRegistry& registry) {
  auto stop = core::ParseStopInstanceMessage(message);
  if (!stop.ok()) return stop.status();
  if (!registry.StopInstance(stop->app_id, stop->instance_id)) {
    DLOG_INFO("stop for unknown instance ignored", {{"instanceId", stop->instance_id}});
  }
  return core::Status::Ok();
}

core::Status StartTask(const nlohmann::json& message, RunnerRegistry& registry) {
  auto start = core::ParseStartTaskMessage(message);
  if (!start.ok()) return start.status();
  if (auto st = CheckAcceptsStarts(start->executor_state); !st.ok()) return st;
  registry.StartTask(std::move(start->spec), std::move(start->task));
  return core::Status::Ok();
}

core::Status StopTask(const nlohmann::json& message, RunnerRegistry& registry) {
  auto stop = core::ParseStopTaskMessage(message);
  if (!stop.ok()) return stop.status();
  if (!registry.StopTask(stop->source_app_name, stop->task_id, stop->instance_id)) {
    DLOG_INFO("stop for unknown task ignored",
              {{"taskId", stop->task_id}, {"instanceId", stop->instance_id}});
  }
  return core::Status::Ok();
}

}  // namespace

core::Status HandleControllerMessage(const nlohmann::json& message, RunnerRegistry& registry) {
  auto type = core::ParseControllerMessageType(message);
  if (!type.ok()) return type.status();
  switch (*type) {
    case core::ControllerMessageType::kStartInstance:
      return StartInstance(message, registry);
    case core::ControllerMessageType::kStopInstance:
      return StopInstance(message, registry);
    case core::ControllerMessageType::kStartTask:
      return StartTask(message, registry);
    case core::ControllerMessageType::kStopTask:
      return StopTask(message, registry);
  }
  return core::Status::Error("unhandled message type");  // not reached: the switch is complete
}

}  // namespace drove::executor
