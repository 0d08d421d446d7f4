// Drove's enums with their exact wire spellings, parsing (body: case-insensitive, query: exact) and state sets.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

enum class ApplicationState {
  kInit, kMonitoring, kRunning, kOutageDetected, kScalingRequested, kStopInstancesRequested,
  kReplaceInstancesRequested, kDestroyRequested, kDestroyed, kFailed,
};
// Used for app instances and local-service instances (identical spellings).
enum class InstanceState {
  kPending, kProvisioning, kProvisioningFailed, kStarting, kStartFailed, kUnready,
  kReadinessCheckFailed, kReady, kHealthy, kUnhealthy, kDeprovisioning, kStopping, kStopped,
  kLost, kUnknown,
};
enum class TaskState {
  kPending, kProvisioning, kProvisioningFailed, kStarting, kRunning, kRunCompleted, kRunFailed,
  kDeprovisioning, kStopped, kLost, kUnknown,
};
enum class TaskResultStatus { kSuccessful, kTimedOut, kCancelled, kFailed, kLost };
enum class ExecutorState { kActive, kBlacklistRequested, kBlacklisted, kUnready, kRemoved };
enum class ClusterState { kNormal, kMaintenance };
enum class LocalServiceState {
  kInit, kActivationRequested, kConfigTestingRequested, kDeactivationRequested,
  kEmergencyDeactivationRequested, kInactive, kActive, kConfigTesting, kAdjustingInstances,
  kDeployingTestInstance, kReplacingInstances, kStoppingInstances, kUpdatingInstancesCount,
  kDestroyRequested, kDestroyed,
};
enum class ActivationState { kActive, kConfigTesting, kInactive };
enum class JobType { kService, kComputation, kLocalService };
enum class PortType { kHttp, kHttps, kTcp, kUdp };
enum class NodeTransportType { kHttp, kHttps };
enum class VolumeMode { kReadWrite, kReadOnly };
enum class CheckModeType { kHttp, kCmd };
enum class HttpVerb { kGet, kPost, kPut };
enum class Protocol { kHttp, kHttps };
enum class FailureStrategy { kStop, kRollback };
enum class ExposureMode { kAll, kOne };
enum class EventType {
  kAppStateChange, kInstanceStateChange, kTaskStateChange, kLocalServiceStateChange,
  kLocalServiceInstanceStateChange, kExecutorAdded, kExecutorRemoved, kExecutorBlacklistRequested,
  kExecutorBlacklisted, kExecutorUnBlacklisted, kMaintenanceModeSet, kMaintenanceModeRemoved,
  kLeadershipAcquired, kLeadershipLost,
};
enum class LoggingType { kLocal, kRsyslog };
enum class ConfigType { kInline, kExecutorLocalFile, kControllerHttpFetch, kExecutorHttpFetch };
enum class ResourceType { kCpu, kMemory };
enum class ExecutableType { kDocker };
// JSON type ids of application operations (SCALE is SCALE_INSTANCES inside Drove).
enum class ApplicationOperationType {
  kCreate, kStartInstances, kScale, kStopInstances, kReplaceInstances, kSuspend, kDestroy, kRecover,
};
enum class TaskOperationType { kCreate, kKill };
// JSON type ids of local service operations; `STOP` is read as an alias of DEACTIVATE.
enum class LocalServiceOperationType {
  kCreate, kActivate, kDeactivate, kDeployTestInstance, kAdjustInstances, kRestart,
  kReplaceInstances, kStopInstances, kUpdateInstanceCount, kDestroy,
};

// Wire names, indexed by the enum's underlying value.
template <typename E>
struct EnumInfo;

#define DROVE_ENUM_INFO(Type, ...)                                               \
  template <>                                                                    \
  struct EnumInfo<Type> {                                                        \
    static constexpr std::string_view kTypeName = #Type;                         \
    static constexpr std::array kNames = std::to_array<std::string_view>({__VA_ARGS__}); \
  }

DROVE_ENUM_INFO(ApplicationState, "INIT", "MONITORING", "RUNNING", "OUTAGE_DETECTED",
                "SCALING_REQUESTED", "STOP_INSTANCES_REQUESTED", "REPLACE_INSTANCES_REQUESTED",
                "DESTROY_REQUESTED", "DESTROYED", "FAILED");
DROVE_ENUM_INFO(InstanceState, "PENDING", "PROVISIONING", "PROVISIONING_FAILED", "STARTING",
                "START_FAILED", "UNREADY", "READINESS_CHECK_FAILED", "READY", "HEALTHY",
                "UNHEALTHY", "DEPROVISIONING", "STOPPING", "STOPPED", "LOST", "UNKNOWN");
DROVE_ENUM_INFO(TaskState, "PENDING", "PROVISIONING", "PROVISIONING_FAILED", "STARTING", "RUNNING",
                "RUN_COMPLETED", "RUN_FAILED", "DEPROVISIONING", "STOPPED", "LOST", "UNKNOWN");
DROVE_ENUM_INFO(TaskResultStatus, "SUCCESSFUL", "TIMED_OUT", "CANCELLED", "FAILED", "LOST");
DROVE_ENUM_INFO(ExecutorState, "ACTIVE", "BLACKLIST_REQUESTED", "BLACKLISTED", "UNREADY",
                "REMOVED");
DROVE_ENUM_INFO(ClusterState, "NORMAL", "MAINTENANCE");
DROVE_ENUM_INFO(LocalServiceState, "INIT", "ACTIVATION_REQUESTED", "CONFIG_TESTING_REQUESTED",
                "DEACTIVATION_REQUESTED", "EMERGENCY_DEACTIVATION_REQUESTED", "INACTIVE", "ACTIVE",
                "CONFIG_TESTING", "ADJUSTING_INSTANCES", "DEPLOYING_TEST_INSTANCE",
                "REPLACING_INSTANCES", "STOPPING_INSTANCES", "UPDATING_INSTANCES_COUNT",
                "DESTROY_REQUESTED", "DESTROYED");
DROVE_ENUM_INFO(ActivationState, "ACTIVE", "CONFIG_TESTING", "INACTIVE");
DROVE_ENUM_INFO(JobType, "SERVICE", "COMPUTATION", "LOCAL_SERVICE");
DROVE_ENUM_INFO(PortType, "HTTP", "HTTPS", "TCP", "UDP");
DROVE_ENUM_INFO(NodeTransportType, "HTTP", "HTTPS");
DROVE_ENUM_INFO(VolumeMode, "READ_WRITE", "READ_ONLY");
DROVE_ENUM_INFO(CheckModeType, "HTTP", "CMD");
DROVE_ENUM_INFO(HttpVerb, "GET", "POST", "PUT");
DROVE_ENUM_INFO(Protocol, "HTTP", "HTTPS");
DROVE_ENUM_INFO(FailureStrategy, "STOP", "ROLLBACK");
DROVE_ENUM_INFO(ExposureMode, "ALL", "ONE");
DROVE_ENUM_INFO(EventType, "APP_STATE_CHANGE", "INSTANCE_STATE_CHANGE", "TASK_STATE_CHANGE",
                "LOCAL_SERVICE_STATE_CHANGE", "LOCAL_SERVICE_INSTANCE_STATE_CHANGE",
                "EXECUTOR_ADDED", "EXECUTOR_REMOVED", "EXECUTOR_BLACKLIST_REQUESTED",
                "EXECUTOR_BLACKLISTED", "EXECUTOR_UN_BLACKLISTED", "MAINTENANCE_MODE_SET",
                "MAINTENANCE_MODE_REMOVED", "LEADERSHIP_ACQUIRED", "LEADERSHIP_LOST");
DROVE_ENUM_INFO(LoggingType, "LOCAL", "RSYSLOG");
DROVE_ENUM_INFO(ConfigType, "INLINE", "EXECUTOR_LOCAL_FILE", "CONTROLLER_HTTP_FETCH",
                "EXECUTOR_HTTP_FETCH");
DROVE_ENUM_INFO(ResourceType, "CPU", "MEMORY");
DROVE_ENUM_INFO(ExecutableType, "DOCKER");
DROVE_ENUM_INFO(ApplicationOperationType, "CREATE", "START_INSTANCES", "SCALE", "STOP_INSTANCES",
                "REPLACE_INSTANCES", "SUSPEND", "DESTROY", "RECOVER");
DROVE_ENUM_INFO(TaskOperationType, "CREATE", "KILL");
DROVE_ENUM_INFO(LocalServiceOperationType, "CREATE", "ACTIVATE", "DEACTIVATE",
                "DEPLOY_TEST_INSTANCE", "ADJUST_INSTANCES", "RESTART", "REPLACE_INSTANCES",
                "STOP_INSTANCES", "UPDATE_INSTANCE_COUNT", "DESTROY");

#undef DROVE_ENUM_INFO

template <typename E>
concept DroveEnum = requires { EnumInfo<E>::kNames; };

// Wire name, e.g. ToString(InstanceState::kHealthy) == "HEALTHY".
template <DroveEnum E>
constexpr std::string_view ToString(E value) {
  auto index = static_cast<size_t>(value);
  return index < EnumInfo<E>::kNames.size() ? EnumInfo<E>::kNames[index] : "UNKNOWN";
}

// Exact, case-sensitive (query parameters, `type` discriminators).
template <DroveEnum E>
std::optional<E> ParseEnum(std::string_view name) {
  for (size_t i = 0; i < EnumInfo<E>::kNames.size(); ++i) {
    if (EnumInfo<E>::kNames[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Case-insensitive (enum values in JSON bodies, as Jackson's ACCEPT_CASE_INSENSITIVE_ENUMS).
template <DroveEnum E>
std::optional<E> ParseEnumIgnoreCase(std::string_view name) {
  for (size_t i = 0; i < EnumInfo<E>::kNames.size(); ++i) {
    if (EqualsIgnoreCase(EnumInfo<E>::kNames[i], name)) return static_cast<E>(i);
  }
  return std::nullopt;
}

// Every enum is written as its name and read case-insensitively; a bad value throws ParseError
// `path: unknown InstanceState value "X"`.
void ThrowBadEnum(std::string_view type_name, const nlohmann::json& j, const std::string& path);

template <DroveEnum E>
void ReadJson(const nlohmann::json& j, const std::string& path, E* out) {
  if (!j.is_string()) ThrowBadEnum(EnumInfo<E>::kTypeName, j, path);
  std::optional<E> v = ParseEnumIgnoreCase<E>(j.get_ref<const std::string&>());
  if (!v) ThrowBadEnum(EnumInfo<E>::kTypeName, j, path);
  *out = *v;
}

// nlohmann ADL hooks (`json j = state;`, `j.get<InstanceState>()`). Non-template so they win over
// nlohmann's own integer mapping of enums.
#define DROVE_ENUM_JSON(Type)                                            \
  void to_json(nlohmann::json& j, Type value); /* NOLINT */              \
  void from_json(const nlohmann::json& j, Type& value) /* NOLINT */
DROVE_ENUM_JSON(ApplicationState);
DROVE_ENUM_JSON(InstanceState);
DROVE_ENUM_JSON(TaskState);
DROVE_ENUM_JSON(TaskResultStatus);
DROVE_ENUM_JSON(ExecutorState);
DROVE_ENUM_JSON(ClusterState);
DROVE_ENUM_JSON(LocalServiceState);
DROVE_ENUM_JSON(ActivationState);
DROVE_ENUM_JSON(JobType);
DROVE_ENUM_JSON(PortType);
DROVE_ENUM_JSON(NodeTransportType);
DROVE_ENUM_JSON(VolumeMode);
DROVE_ENUM_JSON(CheckModeType);
DROVE_ENUM_JSON(HttpVerb);
DROVE_ENUM_JSON(Protocol);
DROVE_ENUM_JSON(FailureStrategy);
DROVE_ENUM_JSON(ExposureMode);
DROVE_ENUM_JSON(EventType);
DROVE_ENUM_JSON(LoggingType);
DROVE_ENUM_JSON(ConfigType);
DROVE_ENUM_JSON(ResourceType);
DROVE_ENUM_JSON(ExecutableType);
DROVE_ENUM_JSON(ApplicationOperationType);
DROVE_ENUM_JSON(TaskOperationType);
DROVE_ENUM_JSON(LocalServiceOperationType);
#undef DROVE_ENUM_JSON

// ---- State sets (drove-api.md section 5) ----
// ACTIVE instance states: PENDING, PROVISIONING, STARTING, UNREADY, READY, HEALTHY, UNHEALTHY,
// DEPROVISIONING, STOPPING. "Old" instances are the others.
inline constexpr std::array kActiveInstanceStates = {
    InstanceState::kPending,   InstanceState::kProvisioning, InstanceState::kStarting,
    InstanceState::kUnready,   InstanceState::kReady,        InstanceState::kHealthy,
    InstanceState::kUnhealthy, InstanceState::kDeprovisioning, InstanceState::kStopping};
// RUNNING instance states: UNREADY, READY, HEALTHY.
inline constexpr std::array kRunningInstanceStates = {
    InstanceState::kUnready, InstanceState::kReady, InstanceState::kHealthy};
inline constexpr std::array kActiveAppStates = {
    ApplicationState::kRunning,          ApplicationState::kOutageDetected,
    ApplicationState::kScalingRequested, ApplicationState::kStopInstancesRequested,
    ApplicationState::kReplaceInstancesRequested, ApplicationState::kDestroyRequested};
inline constexpr std::array kActiveTaskStates = {
    TaskState::kPending, TaskState::kProvisioning,  TaskState::kStarting,
    TaskState::kRunning, TaskState::kRunCompleted, TaskState::kDeprovisioning};

bool IsActive(InstanceState state);
bool IsRunning(InstanceState state);
bool IsTerminal(InstanceState state);  // STOPPED, LOST
bool IsError(InstanceState state);     // PROVISIONING_FAILED, START_FAILED, READINESS_CHECK_FAILED
bool IsActive(ApplicationState state);
bool IsTerminal(ApplicationState state);  // DESTROYED, FAILED
bool IsActive(TaskState state);
bool IsTerminal(TaskState state);  // STOPPED, LOST
bool IsError(TaskState state);     // PROVISIONING_FAILED, RUN_FAILED
bool IsBlacklisted(ExecutorState state);  // BLACKLIST_REQUESTED, BLACKLISTED
bool IsResourceUsing(LocalServiceState state);  // ACTIVE, CONFIG_TESTING
bool IsTerminal(LocalServiceState state);       // DESTROYED

}  // namespace drove::core
