// Message parsing and dispatch for POST /apis/v1/messages.
#include "orchestrator/executor/api/message_handler.h"

#include "orchestrator/core/util/log.h"

namespace drove::executor {
namespace {

std::string StringField(const nlohmann::json& message, const char* key) {
  auto it = message.find(key);
  return it != message.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <typename T>
core::Result<T> ReadInfo(const nlohmann::json& message, const char* key) {
  if (!message.contains(key) || !message[key].is_object()) {
    return core::Status::Error(std::string(key) + ": missing");
  }
  try {
    return message[key].get<T>();
  } catch (const std::exception& e) {
    return core::Status::Error(e.what());
  }
}

// The controller stamps each start with this executor's state as it knows it: a blacklisted
// executor takes nothing new, whoever sent the start (Drove's executors refuse it too).
core::Status CheckAcceptsStarts(const nlohmann::json& message) {
  std::string state = StringField(message, "executorState");
  if (state.empty() || state == "ACTIVE") return core::Status::Ok();
  return core::Status::Error("executor is " + state + ": it takes no new instances or tasks");
}

}  // namespace

core::Status HandleControllerMessage(const nlohmann::json& message, RunnerRegistry& registry) {
  if (!message.is_object()) return core::Status::Error("message must be a JSON object");
  std::string type = StringField(message, "type");
  if (type == "START_INSTANCE") {
    if (auto st = CheckAcceptsStarts(message); !st.ok()) return st;
    auto info = ReadInfo<core::InstanceInfo>(message, "instance");
    if (!info.ok()) return info.status();
    auto spec = core::ParseApplicationSpec(message.value("spec", nlohmann::json()));
    if (!spec.ok()) return spec.status();
    if (info->instance_id.empty()) return core::Status::Error("instance.instanceId: missing");
    registry.StartInstance(std::move(spec).value(), std::move(info).value(),
                           StringField(message, "instanceAuthToken"));
    return core::Status::Ok();
  }
  if (type == "STOP_INSTANCE") {
    std::string instance_id = StringField(message, "instanceId");
    if (instance_id.empty()) return core::Status::Error("instanceId: missing");
    if (!registry.StopInstance(StringField(message, "appId"), instance_id)) {
      DLOG_INFO("stop for unknown instance ignored", {{"instanceId", instance_id}});
    }
    return core::Status::Ok();
  }
  if (type == "START_TASK") {
    if (auto st = CheckAcceptsStarts(message); !st.ok()) return st;
    auto info = ReadInfo<core::TaskInfo>(message, "task");
    if (!info.ok()) return info.status();
    auto spec = core::ParseTaskSpec(message.value("spec", nlohmann::json()));
    if (!spec.ok()) return spec.status();
    if (info->instance_id.empty()) return core::Status::Error("task.instanceId: missing");
    registry.StartTask(std::move(spec).value(), std::move(info).value());
    return core::Status::Ok();
  }
  if (type == "STOP_TASK") {
    std::string task_id = StringField(message, "taskId");
    std::string instance_id = StringField(message, "instanceId");
    if (task_id.empty() && instance_id.empty()) return core::Status::Error("taskId: missing");
    if (!registry.StopTask(StringField(message, "sourceAppName"), task_id, instance_id)) {
      DLOG_INFO("stop for unknown task ignored", {{"taskId", task_id}, {"instanceId", instance_id}});
    }
    return core::Status::Ok();
  }
  return core::Status::Error("unknown message type: " + type);
}

}  // namespace drove::executor
