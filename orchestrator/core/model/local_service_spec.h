// LocalServiceSpec (drove-api.md 3.3): ApplicationSpec's fields without exposureSpec; placement must be LOCAL.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/checks.h"
#include "orchestrator/core/model/configs.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/model/resources.h"
#include "orchestrator/core/model/spec_parts.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

struct LocalServiceSpec {
  std::string name;                                    // required, [a-zA-Z\d\-_]*
  std::string version;                                 // required, same regex
  std::optional<JobType> type;                         // required (normally LOCAL_SERVICE)
  std::optional<Executable> executable;                // required
  std::vector<PortSpec> exposed_ports;                 // required, non-empty
  std::optional<std::vector<MountedVolume>> volumes;
  std::optional<std::vector<ConfigSpec>> configs;
  std::optional<LoggingSpec> logging;
  std::vector<ResourceRequirement> resources;          // required: CPU and MEMORY
  std::optional<PlacementPolicy> placement_policy;     // must contain LOCAL
  std::optional<CheckSpec> healthcheck;                // required
  std::optional<CheckSpec> readiness;                  // required
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<std::map<std::string, std::string>> env;
  std::optional<std::vector<std::string>> args;
  std::optional<std::vector<DeviceSpec>> devices;
  std::optional<PreShutdownSpec> pre_shutdown;
  std::optional<UserSpec> user_spec;

  bool operator==(const LocalServiceSpec&) const = default;
};

// serviceId = name + "-" + version.
std::string ServiceId(const LocalServiceSpec& spec);

// True if a LOCAL policy in the placement tree has `hostLevel` set: such a service runs one
// instance per host, so CREATE with instancesPerHost > 1 and UPDATE_INSTANCE_COUNT are refused.
bool IsHostLevel(const LocalServiceSpec& spec);

void to_json(nlohmann::json& j, const LocalServiceSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, LocalServiceSpec& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceSpec* out);
Result<LocalServiceSpec> ParseLocalServiceSpec(const nlohmann::json& j);  // never throws
LocalServiceSpec MaskLocalServiceSpec(const LocalServiceSpec& spec);

}  // namespace drove::core
