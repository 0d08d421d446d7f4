// JSON mapping and parsers of the controller <-> executor messages.
#include "orchestrator/core/model/executor_messages.h"

#include <optional>
#include <utility>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

template <typename E>
std::string TypeValue(E type) {
  return std::string(ToString(type));
}

template <typename E>
E ReadType(const ObjectReader& r) {
  const auto& names = EnumInfo<E>::kNames;
  return static_cast<E>(r.Discriminator(std::vector<std::string_view>(names.begin(), names.end())));
}

// A message read as one type must carry that type: a START_TASK is never read as a START_INSTANCE.
template <typename E>
void ExpectType(const ObjectReader& r, E type) {
  r.Discriminator({ToString(type)});
}

template <typename T>
T Required(const ObjectReader& r, std::string_view key) {
  std::optional<T> v = r.Opt<T>(key);
  if (!v) ThrowParseError(r.PathOf(key), "missing");
  return std::move(*v);
}

void RequireId(const std::string& value, const std::string& path) {
  if (value.empty()) ThrowParseError(path, "missing");
}

}  // namespace

// ---- controller -> executor ----

void to_json(nlohmann::json& j, const StartInstanceMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ControllerMessageType::kStartInstance)},
                     {"instance", v.instance},
                     {"spec", v.spec},
                     {"executorState", v.executor_state}};
  if (!v.instance_auth_token.empty()) j["instanceAuthToken"] = v.instance_auth_token;
}

void ReadJson(const nlohmann::json& j, const std::string& path, StartInstanceMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ControllerMessageType::kStartInstance);
  StartInstanceMessage v;
  v.instance = Required<InstanceInfo>(r, "instance");
  RequireId(v.instance.instance_id, JoinPath(r.PathOf("instance"), "instanceId"));
  v.spec = Required<ApplicationSpec>(r, "spec");
  v.executor_state = r.Get<ExecutorState>("executorState", ExecutorState::kActive);
  v.instance_auth_token = r.String("instanceAuthToken");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, StartInstanceMessage& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const StopInstanceMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ControllerMessageType::kStopInstance)},
                     {"appId", v.app_id},
                     {"instanceId", v.instance_id}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, StopInstanceMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ControllerMessageType::kStopInstance);
  StopInstanceMessage v;
  v.app_id = r.String("appId");
  v.instance_id = r.String("instanceId");
  RequireId(v.instance_id, r.PathOf("instanceId"));
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, StopInstanceMessage& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const StartTaskMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ControllerMessageType::kStartTask)},
                     {"task", v.task},
                     {"spec", v.spec},
                     {"executorState", v.executor_state}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, StartTaskMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ControllerMessageType::kStartTask);
  StartTaskMessage v;
  v.task = Required<TaskInfo>(r, "task");
  RequireId(v.task.instance_id, JoinPath(r.PathOf("task"), "instanceId"));
  v.spec = Required<TaskSpec>(r, "spec");
  v.executor_state = r.Get<ExecutorState>("executorState", ExecutorState::kActive);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, StartTaskMessage& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const StopTaskMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ControllerMessageType::kStopTask)},
                     {"sourceAppName", v.source_app_name},
                     {"taskId", v.task_id},
                     {"instanceId", v.instance_id}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, StopTaskMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ControllerMessageType::kStopTask);
  StopTaskMessage v;
  v.source_app_name = r.String("sourceAppName");
  v.task_id = r.String("taskId");
  v.instance_id = r.String("instanceId");
  if (v.instance_id.empty()) RequireId(v.task_id, r.PathOf("taskId"));
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, StopTaskMessage& v) { ReadJson(j, "", &v); }

// ---- executor -> controller ----

void to_json(nlohmann::json& j, const SnapshotExecutor& v) {
  j = nlohmann::json{{"executorId", v.executor_id},
                     {"hostname", v.hostname},
                     {"port", v.port},
                     {"transportType", v.transport_type},
                     {"layout", v.layout},
                     {"tags", v.tags},
                     {"metadata", v.metadata}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, SnapshotExecutor* out) {
  ObjectReader r(j, path);
  SnapshotExecutor v;
  v.executor_id = r.String("executorId");
  RequireId(v.executor_id, r.PathOf("executorId"));
  v.hostname = r.String("hostname");
  v.port = r.Int32("port");
  v.transport_type = r.Get<NodeTransportType>("transportType", NodeTransportType::kHttp);
  v.layout = r.Get<PhysicalLayout>("layout");
  v.tags = r.List<std::string>("tags");
  v.metadata = r.StringMap("metadata");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, SnapshotExecutor& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExecutorSnapshotMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ExecutorMessageType::kExecutorSnapshot)},
                     {"executor", v.executor},
                     {"instances", v.instances},
                     {"tasks", v.tasks}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorSnapshotMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ExecutorMessageType::kExecutorSnapshot);
  ExecutorSnapshotMessage v;
  v.executor = Required<SnapshotExecutor>(r, "executor");
  v.instances = r.List<InstanceInfo>("instances");
  v.tasks = r.List<TaskInfo>("tasks");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExecutorSnapshotMessage& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const InstanceStateMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ExecutorMessageType::kInstanceState)},
                     {"instance", v.instance}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, InstanceStateMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ExecutorMessageType::kInstanceState);
  InstanceStateMessage v;
  v.instance = Required<InstanceInfo>(r, "instance");
  const std::string instance_path = r.PathOf("instance");
  RequireId(v.instance.app_id, JoinPath(instance_path, "appId"));
  RequireId(v.instance.instance_id, JoinPath(instance_path, "instanceId"));
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, InstanceStateMessage& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const TaskStateMessage& v) {
  j = nlohmann::json{{"type", TypeValue(ExecutorMessageType::kTaskState)}, {"task", v.task}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, TaskStateMessage* out) {
  ObjectReader r(j, path);
  ExpectType(r, ExecutorMessageType::kTaskState);
  TaskStateMessage v;
  v.task = Required<TaskInfo>(r, "task");
  const std::string task_path = r.PathOf("task");
  RequireId(v.task.task_id, JoinPath(task_path, "taskId"));
  RequireId(v.task.instance_id, JoinPath(task_path, "instanceId"));
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, TaskStateMessage& v) { ReadJson(j, "", &v); }

// ---- parsers ----

Result<ControllerMessageType> ParseControllerMessageType(const nlohmann::json& message) {
  return CatchParse<ControllerMessageType>(
      [&] { return ReadType<ControllerMessageType>(ObjectReader(message, "")); });
}

Result<ExecutorMessageType> ParseExecutorMessageType(const nlohmann::json& message) {
  return CatchParse<ExecutorMessageType>(
      [&] { return ReadType<ExecutorMessageType>(ObjectReader(message, "")); });
}

Result<StartInstanceMessage> ParseStartInstanceMessage(const nlohmann::json& message) {
  return ParseJson<StartInstanceMessage>(message);
}

Result<StopInstanceMessage> ParseStopInstanceMessage(const nlohmann::json& message) {
  return ParseJson<StopInstanceMessage>(message);
}

Result<StartTaskMessage> ParseStartTaskMessage(const nlohmann::json& message) {
  return ParseJson<StartTaskMessage>(message);
}

Result<StopTaskMessage> ParseStopTaskMessage(const nlohmann::json& message) {
  return ParseJson<StopTaskMessage>(message);
}

Result<ExecutorSnapshotMessage> ParseExecutorSnapshotMessage(const nlohmann::json& message) {
  return ParseJson<ExecutorSnapshotMessage>(message);
}

Result<InstanceStateMessage> ParseInstanceStateMessage(const nlohmann::json& message) {
  return ParseJson<InstanceStateMessage>(message);
}

Result<TaskStateMessage> ParseTaskStateMessage(const nlohmann::json& message) {
  return ParseJson<TaskStateMessage>(message);
}

}  // namespace drove::core
