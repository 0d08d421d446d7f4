// Application and task operations (drove-api.md 2.2.1, 2.3): POST bodies, also stored by the controller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/cluster_op_spec.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

// One struct for every type; only the fields of `type` are read and emitted:
//   CREATE            spec, instances, opSpec
//   START_INSTANCES   appId, instances, opSpec
//   SCALE             appId, requiredInstances, opSpec
//   STOP_INSTANCES    appId, instanceIds, skipRespawn, opSpec
//   REPLACE_INSTANCES appId, instanceIds?, stopFirst, opSpec
//   SUSPEND, DESTROY  appId, opSpec
//   RECOVER           appId (opSpec optional)
struct ApplicationOperation {
  ApplicationOperationType type = ApplicationOperationType::kCreate;
  std::optional<ApplicationSpec> spec;
  int64_t instances = 0;
  std::string app_id;                                  // `appId`
  int64_t required_instances = 0;                      // `requiredInstances`
  std::optional<std::vector<std::string>> instance_ids;  // `instanceIds`
  bool skip_respawn = false;                           // `skipRespawn`
  bool stop_first = false;                             // `stopFirst`
  std::optional<ClusterOpSpec> op_spec;                // `opSpec`

  bool operator==(const ApplicationOperation&) const = default;
};

// The app the operation targets: AppId(spec) for CREATE (empty if no spec), else appId.
std::string OperationAppId(const ApplicationOperation& op);

void to_json(nlohmann::json& j, const ApplicationOperation& v);    // NOLINT
void from_json(const nlohmann::json& j, ApplicationOperation& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationOperation* out);
// Shape errors only (unknown `type`, wrong JSON types, bad spec); never throws.
Result<ApplicationOperation> ParseApplicationOperation(const nlohmann::json& j);

// CREATE {spec, opSpec} | KILL {sourceAppName, taskId, opSpec}.
struct TaskOperation {
  TaskOperationType type = TaskOperationType::kCreate;
  std::optional<TaskSpec> spec;                        // CREATE
  std::string source_app_name;                         // KILL (`sourceAppName`)
  std::string task_id;                                 // KILL (`taskId`)
  std::optional<ClusterOpSpec> op_spec;                // both (`opSpec`)

  bool operator==(const TaskOperation&) const = default;
};

// Internal id of the task targeted: TaskInternalId(spec) for CREATE, else sourceAppName-taskId.
std::string OperationTaskInternalId(const TaskOperation& op);

void to_json(nlohmann::json& j, const TaskOperation& v);    // NOLINT
void from_json(const nlohmann::json& j, TaskOperation& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, TaskOperation* out);
Result<TaskOperation> ParseTaskOperation(const nlohmann::json& j);

}  // namespace drove::core
