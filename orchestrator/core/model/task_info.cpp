// JSON mapping of TaskInfo and TaskResult.
#include "orchestrator/core/model/task_info.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const TaskResult& v) {
  j = nlohmann::json{{"status", v.status}, {"exitCode", v.exit_code}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, TaskResult* out) {
  ObjectReader r(j, path);
  out->status = r.Get<TaskResultStatus>("status", TaskResultStatus::kFailed);
  out->exit_code = r.Int64("exitCode");
}

void from_json(const nlohmann::json& j, TaskResult& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const TaskInfo& v) {
  j = nlohmann::json::object();
  j["sourceAppName"] = v.source_app_name;
  j["taskId"] = v.task_id;
  j["instanceId"] = v.instance_id;
  j["executorId"] = v.executor_id;
  j["hostname"] = v.hostname;
  j["executable"] = v.executable;
  j["resources"] = v.resources;
  j["volumes"] = v.volumes;
  SetIfPresent(j, "loggingSpec", v.logging_spec);
  SetIfPresent(j, "env", v.env);
  j["state"] = v.state;
  j["metadata"] = v.metadata;
  SetIfPresent(j, "taskResult", v.task_result);
  j["errorMessage"] = v.error_message;
  j["created"] = v.created;
  j["updated"] = v.updated;
}

void ReadJson(const nlohmann::json& j, const std::string& path, TaskInfo* out) {
  ObjectReader r(j, path);
  TaskInfo v;
  v.source_app_name = r.String("sourceAppName");
  v.task_id = r.String("taskId");
  v.instance_id = r.String("instanceId");
  v.executor_id = r.String("executorId");
  v.hostname = r.String("hostname");
  v.executable = r.Get<Executable>("executable");
  v.resources = r.List<ResourceAllocation>("resources");
  v.volumes = r.List<MountedVolume>("volumes");
  v.logging_spec = r.Opt<LoggingSpec>("loggingSpec");
  v.env = r.OptStringMap("env");
  v.state = r.Get<TaskState>("state", TaskState::kUnknown);
  v.metadata = r.StringMap("metadata");
  v.task_result = r.Opt<TaskResult>("taskResult");
  v.error_message = r.String("errorMessage");
  v.created = r.Int64("created");
  v.updated = r.Int64("updated");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, TaskInfo& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
