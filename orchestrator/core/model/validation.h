// Validation of specs and operations: every constraint at once, each as `field.path: rule broken`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/cluster_op_spec.h"
#include "orchestrator/core/model/local_service_operations.h"
#include "orchestrator/core/model/local_service_spec.h"
#include "orchestrator/core/model/operations.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/model/task_spec.h"

namespace drove::core {

// Regex of app names, versions, sourceAppName and taskId: [a-zA-Z\d\-_]*
inline constexpr std::string_view kNamePattern = "[a-zA-Z\\d\\-_]*";
// Regex of port names: [a-zA-Z0-9\-_]*
inline constexpr std::string_view kPortNamePattern = "[a-zA-Z0-9\\-_]*";
inline constexpr size_t kMaxArgs = 2048;

bool MatchesNamePattern(std::string_view value);  // also true for port names (same alphabet)

// What the caller adds to the model's own rules (the controller sets the HOPE rule compiler).
struct ValidationOptions {
  PlacementRuleChecker placement_rule_checker;
};

// Empty result = valid. Messages follow Drove where Drove has its own text, e.g.
//   `resources: Cpu requirements are mandatory`
//   `healthcheck.mode.portName: Invalid port name for health check: x. Available ports: [main]`
//   `exposureSpec.portName: Exposed port name x is undefined. Defined port names: [main]`
//   `placementPolicy: Local service placement is not allowed for apps`
std::vector<std::string> ValidateApplicationSpec(const ApplicationSpec& spec,
                                                 const ValidationOptions& options = {});
std::vector<std::string> ValidateTaskSpec(const TaskSpec& spec,
                                          const ValidationOptions& options = {});
// LocalServiceSpec: as an app without exposure; placement must contain LOCAL
// (`placementPolicy: Only local placement is allowed for local services`).
std::vector<std::string> ValidateLocalServiceSpec(const LocalServiceSpec& spec,
                                                  const ValidationOptions& options = {});
std::vector<std::string> ValidateClusterOpSpec(const ClusterOpSpec& op_spec);
// Shape-level rules of an operation (required fields, ranges, the embedded spec under `spec.`).
// State-dependent checks (app exists, instance ids known, capacity) belong to the controller.
std::vector<std::string> ValidateOperation(const ApplicationOperation& op,
                                           const ValidationOptions& options = {});
std::vector<std::string> ValidateOperation(const TaskOperation& op,
                                           const ValidationOptions& options = {});
// Local services: serviceId, instancesPerHost 1..256 (CREATE, UPDATE_INSTANCE_COUNT), non-empty
// instanceIds (STOP_INSTANCES), the CREATE spec under `spec.` and
// `instancesPerHost: Host level service cannot have more than one instance`; a present op spec
// is checked under its own name (`clusterOpSpec.` for RESTART).
std::vector<std::string> ValidateOperation(const LocalServiceOperation& op,
                                           const ValidationOptions& options = {});

// The same, with every path prefixed by `path` (e.g. "spec") and appended to `errors`.
void ValidateApplicationSpecAt(const ApplicationSpec& spec, const std::string& path,
                               std::vector<std::string>* errors,
                               const ValidationOptions& options = {});
void ValidateLocalServiceSpecAt(const LocalServiceSpec& spec, const std::string& path,
                                std::vector<std::string>* errors,
                                const ValidationOptions& options = {});
void ValidateTaskSpecAt(const TaskSpec& spec, const std::string& path,
                        std::vector<std::string>* errors, const ValidationOptions& options = {});
void ValidateClusterOpSpecAt(const ClusterOpSpec& op_spec, const std::string& path,
                             std::vector<std::string>* errors);

}  // namespace drove::core
