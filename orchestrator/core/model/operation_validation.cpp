// Operation validation: required fields and ranges of each application, task and local service
// operation type.
#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/model/local_service_texts.h"
#include "orchestrator/core/model/validation.h"
#include "orchestrator/core/model/validation_errors.h"

namespace drove::core {
namespace {

void CheckOpSpec(const std::optional<ClusterOpSpec>& op_spec, bool required, Errors& e) {
  if (op_spec) {
    ValidateClusterOpSpecAt(*op_spec, "opSpec", e.out());
  } else if (required) {
    e.Add("opSpec", "must not be null");
  }
}

}  // namespace

std::vector<std::string> ValidateOperation(const ApplicationOperation& op,
                                           const ValidationOptions& options) {
  std::vector<std::string> errors;
  Errors e(&errors);
  using Type = ApplicationOperationType;
  if (op.type != Type::kCreate) e.NotEmpty("appId", op.app_id);
  switch (op.type) {
    case Type::kCreate:
      if (e.NotNull("spec", op.spec)) ValidateApplicationSpecAt(*op.spec, "spec", &errors, options);
      e.Range("instances", op.instances, 0, 2048);
      break;
    case Type::kStartInstances:
      e.Range("instances", op.instances, 0, 1024);
      break;
    case Type::kScale:
      e.Range("requiredInstances", op.required_instances, 0, 2048);
      break;
    case Type::kStopInstances:
      if (!op.instance_ids || op.instance_ids->empty()) e.Add("instanceIds", "must not be empty");
      break;
    case Type::kReplaceInstances:
    case Type::kSuspend:
    case Type::kDestroy:
    case Type::kRecover:
      break;
  }
  CheckOpSpec(op.op_spec, op.type != Type::kRecover, e);
  return errors;
}

std::vector<std::string> ValidateOperation(const TaskOperation& op,
                                           const ValidationOptions& options) {
  std::vector<std::string> errors;
  Errors e(&errors);
  if (op.type == TaskOperationType::kCreate) {
    if (e.NotNull("spec", op.spec)) ValidateTaskSpecAt(*op.spec, "spec", &errors, options);
  } else {
    e.NotEmpty("sourceAppName", op.source_app_name);
    e.NotEmpty("taskId", op.task_id);
  }
  CheckOpSpec(op.op_spec, true, e);
  return errors;
}

std::vector<std::string> ValidateOperation(const LocalServiceOperation& op,
                                           const ValidationOptions& options) {
  std::vector<std::string> errors;
  Errors e(&errors);
  using Type = LocalServiceOperationType;
  if (op.type != Type::kCreate) e.NotEmpty("serviceId", op.service_id);
  switch (op.type) {
    case Type::kCreate:
      if (e.NotNull("spec", op.spec)) {
        ValidateLocalServiceSpecAt(*op.spec, "spec", &errors, options);
        if (IsHostLevel(*op.spec) && op.instances_per_host > 1) {
          e.Add("instancesPerHost", local_service_texts::kHostLevelSingleInstance);
        }
      }
      e.Range("instancesPerHost", op.instances_per_host, 1, 256);
      break;
    case Type::kUpdateInstanceCount:
      e.Range("instancesPerHost", op.instances_per_host, 1, 256);
      break;
    case Type::kStopInstances:
      if (op.instance_ids.empty()) e.Add("instanceIds", "must not be empty");
      break;
    case Type::kActivate:
    case Type::kDeactivate:
    case Type::kDeployTestInstance:
    case Type::kAdjustInstances:
    case Type::kRestart:
    case Type::kReplaceInstances:
    case Type::kDestroy:
      break;
  }
  std::string op_spec_field(LocalServiceOpSpecField(op.type));
  if (op.op_spec && !op_spec_field.empty()) {
    ValidateClusterOpSpecAt(*op.op_spec, op_spec_field, &errors);
  }
  return errors;
}

}  // namespace drove::core
