// Enum JSON hooks, case-insensitive matching and the state-set predicates.
#include "orchestrator/core/model/enums.h"

#include <algorithm>
#include <cctype>

namespace drove::core {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void ThrowBadEnum(std::string_view type_name, const nlohmann::json& j, const std::string& path) {
  std::string shown = j.is_string() ? "\"" + j.get<std::string>() + "\"" : JsonTypeName(j);
  ThrowParseError(path, "unknown " + std::string(type_name) + " value " + shown);
}

#define DROVE_ENUM_JSON_IMPL(Type)                                   \
  void to_json(nlohmann::json& j, Type value) { j = ToString(value); } \
  void from_json(const nlohmann::json& j, Type& value) { ReadJson(j, "", &value); }
DROVE_ENUM_JSON_IMPL(ApplicationState)
DROVE_ENUM_JSON_IMPL(InstanceState)
DROVE_ENUM_JSON_IMPL(TaskState)
DROVE_ENUM_JSON_IMPL(TaskResultStatus)
DROVE_ENUM_JSON_IMPL(ExecutorState)
DROVE_ENUM_JSON_IMPL(ClusterState)
DROVE_ENUM_JSON_IMPL(LocalServiceState)
DROVE_ENUM_JSON_IMPL(ActivationState)
DROVE_ENUM_JSON_IMPL(JobType)
DROVE_ENUM_JSON_IMPL(PortType)
DROVE_ENUM_JSON_IMPL(NodeTransportType)
DROVE_ENUM_JSON_IMPL(VolumeMode)
DROVE_ENUM_JSON_IMPL(CheckModeType)
DROVE_ENUM_JSON_IMPL(HttpVerb)
DROVE_ENUM_JSON_IMPL(Protocol)
DROVE_ENUM_JSON_IMPL(FailureStrategy)
DROVE_ENUM_JSON_IMPL(ExposureMode)
DROVE_ENUM_JSON_IMPL(EventType)
DROVE_ENUM_JSON_IMPL(LoggingType)
DROVE_ENUM_JSON_IMPL(ConfigType)
DROVE_ENUM_JSON_IMPL(ResourceType)
DROVE_ENUM_JSON_IMPL(ExecutableType)
DROVE_ENUM_JSON_IMPL(ApplicationOperationType)
DROVE_ENUM_JSON_IMPL(TaskOperationType)
DROVE_ENUM_JSON_IMPL(LocalServiceOperationType)
#undef DROVE_ENUM_JSON_IMPL

namespace {
template <typename E, size_t N>
bool In(const std::array<E, N>& set, E value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}
}  // namespace

bool IsActive(InstanceState state) { return In(kActiveInstanceStates, state); }
bool IsRunning(InstanceState state) { return In(kRunningInstanceStates, state); }
bool IsTerminal(InstanceState state) {
  return state == InstanceState::kStopped || state == InstanceState::kLost;
}
bool IsError(InstanceState state) {
  return state == InstanceState::kProvisioningFailed || state == InstanceState::kStartFailed ||
         state == InstanceState::kReadinessCheckFailed;
}
bool IsActive(ApplicationState state) { return In(kActiveAppStates, state); }
bool IsTerminal(ApplicationState state) {
  return state == ApplicationState::kDestroyed || state == ApplicationState::kFailed;
}
bool IsActive(TaskState state) { return In(kActiveTaskStates, state); }
bool IsTerminal(TaskState state) {
  return state == TaskState::kStopped || state == TaskState::kLost;
}
bool IsError(TaskState state) {
  return state == TaskState::kProvisioningFailed || state == TaskState::kRunFailed;
}
bool IsBlacklisted(ExecutorState state) {
  return state == ExecutorState::kBlacklistRequested || state == ExecutorState::kBlacklisted;
}
bool IsResourceUsing(LocalServiceState state) {
  return state == LocalServiceState::kActive || state == LocalServiceState::kConfigTesting;
}
bool IsTerminal(LocalServiceState state) { return state == LocalServiceState::kDestroyed; }

}  // namespace drove::core
