// ApplicationSpec (drove-api.md 3.1): the model, its JSON mapping, appId and the masked copy for GET /spec.
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

struct ApplicationSpec {
  std::string name;                                    // required, [a-zA-Z\d\-_]*
  std::string version;                                 // required, same regex
  std::optional<JobType> type;                         // required
  std::optional<Executable> executable;                // required
  std::vector<PortSpec> exposed_ports;                 // required, non-empty (`exposedPorts`)
  std::optional<std::vector<MountedVolume>> volumes;
  std::optional<std::vector<ConfigSpec>> configs;
  std::optional<LoggingSpec> logging;
  std::vector<ResourceRequirement> resources;          // required: CPU and MEMORY
  std::optional<PlacementPolicy> placement_policy;     // `placementPolicy`; LOCAL rejected
  std::optional<CheckSpec> healthcheck;                // required
  std::optional<CheckSpec> readiness;                  // required
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<std::map<std::string, std::string>> env;
  std::optional<std::vector<std::string>> args;        // <= 2048 items
  std::optional<std::vector<DeviceSpec>> devices;      // kept verbatim
  std::optional<ExposureSpec> exposure_spec;           // `exposureSpec`
  std::optional<PreShutdownSpec> pre_shutdown;         // `preShutdown`
  std::optional<UserSpec> user_spec;                   // `userSpec`

  bool operator==(const ApplicationSpec&) const = default;
};

// appId = name + "-" + version.
std::string AppId(const std::string& name, const std::string& version);
std::string AppId(const ApplicationSpec& spec);

void to_json(nlohmann::json& j, const ApplicationSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, ApplicationSpec& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationSpec* out);

// Shape errors only (wrong JSON types, unknown `type`, bad enum or duration), as
// `healthcheck.interval: cannot parse duration "5 parsecs"`. Never throws.
Result<ApplicationSpec> ParseApplicationSpec(const nlohmann::json& j);

// Copy for GET /applications/{id}/spec: INLINE data -> "", HTTP credentials -> "***".
ApplicationSpec MaskApplicationSpec(const ApplicationSpec& spec);

}  // namespace drove::core
