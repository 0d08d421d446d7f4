// JSON mapping of application and task operations.
#include "orchestrator/core/model/operations.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

using OpType = ApplicationOperationType;

std::string OperationAppId(const ApplicationOperation& op) {
  if (op.type == OpType::kCreate) return op.spec ? AppId(*op.spec) : std::string();
  return op.app_id;
}

void to_json(nlohmann::json& j, const ApplicationOperation& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  switch (v.type) {
    case OpType::kCreate:
      SetIfPresent(j, "spec", v.spec);
      j["instances"] = v.instances;
      break;
    case OpType::kStartInstances:
      j["appId"] = v.app_id;
      j["instances"] = v.instances;
      break;
    case OpType::kScale:
      j["appId"] = v.app_id;
      j["requiredInstances"] = v.required_instances;
      break;
    case OpType::kStopInstances:
      j["appId"] = v.app_id;
      SetIfPresent(j, "instanceIds", v.instance_ids);
      j["skipRespawn"] = v.skip_respawn;
      break;
    case OpType::kReplaceInstances:
      j["appId"] = v.app_id;
      SetIfPresent(j, "instanceIds", v.instance_ids);
      j["stopFirst"] = v.stop_first;
      break;
    case OpType::kSuspend:
    case OpType::kDestroy:
    case OpType::kRecover:
      j["appId"] = v.app_id;
      break;
  }
  SetIfPresent(j, "opSpec", v.op_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationOperation* out) {
  ObjectReader r(j, path);
  ApplicationOperation v;
  v.type = static_cast<OpType>(r.Discriminator({"CREATE", "START_INSTANCES", "SCALE",
                                                "STOP_INSTANCES", "REPLACE_INSTANCES", "SUSPEND",
                                                "DESTROY", "RECOVER"}));
  switch (v.type) {
    case OpType::kCreate:
      v.spec = r.Opt<ApplicationSpec>("spec");
      v.instances = r.Int64("instances");
      break;
    case OpType::kStartInstances:
      v.app_id = r.String("appId");
      v.instances = r.Int64("instances");
      break;
    case OpType::kScale:
      v.app_id = r.String("appId");
      v.required_instances = r.Int64("requiredInstances");
      break;
    case OpType::kStopInstances:
      v.app_id = r.String("appId");
      v.instance_ids = r.OptList<std::string>("instanceIds");
      v.skip_respawn = r.Bool("skipRespawn");
      break;
    case OpType::kReplaceInstances:
      v.app_id = r.String("appId");
      v.instance_ids = r.OptList<std::string>("instanceIds");
      v.stop_first = r.Bool("stopFirst");
      break;
    case OpType::kSuspend:
    case OpType::kDestroy:
    case OpType::kRecover:
      v.app_id = r.String("appId");
      break;
  }
  v.op_spec = r.Opt<ClusterOpSpec>("opSpec");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ApplicationOperation& v) { ReadJson(j, "", &v); }

Result<ApplicationOperation> ParseApplicationOperation(const nlohmann::json& j) {
  return ParseJson<ApplicationOperation>(j);
}

std::string OperationTaskInternalId(const TaskOperation& op) {
  if (op.type == TaskOperationType::kCreate) {
    return op.spec ? TaskInternalId(*op.spec) : std::string();
  }
  return TaskInternalId(op.source_app_name, op.task_id);
}

void to_json(nlohmann::json& j, const TaskOperation& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  if (v.type == TaskOperationType::kCreate) {
    SetIfPresent(j, "spec", v.spec);
  } else {
    j["sourceAppName"] = v.source_app_name;
    j["taskId"] = v.task_id;
  }
  SetIfPresent(j, "opSpec", v.op_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, TaskOperation* out) {
  ObjectReader r(j, path);
  TaskOperation v;
  v.type = static_cast<TaskOperationType>(r.Discriminator({"CREATE", "KILL"}));
  if (v.type == TaskOperationType::kCreate) {
    v.spec = r.Opt<TaskSpec>("spec");
  } else {
    v.source_app_name = r.String("sourceAppName");
    v.task_id = r.String("taskId");
  }
  v.op_spec = r.Opt<ClusterOpSpec>("opSpec");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, TaskOperation& v) { ReadJson(j, "", &v); }

Result<TaskOperation> ParseTaskOperation(const nlohmann::json& j) {
  return ParseJson<TaskOperation>(j);
}

}  // namespace drove::core
