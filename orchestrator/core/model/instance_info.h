// InstanceInfo (app instances) and LocalServiceInstanceInfo, with LocalInfo (hostname + port map).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/resources.h"

namespace drove::core {

// `localInfo.ports.<name>`: {containerPort, hostPort, portType}.
struct InstancePort {
  int32_t container_port = 0;              // `containerPort`
  int32_t host_port = 0;                   // `hostPort`
  PortType port_type = PortType::kHttp;    // `portType`
  bool operator==(const InstancePort&) const = default;
};

// `localInfo`: where the instance runs.
struct LocalInfo {
  std::string hostname;
  std::map<std::string, InstancePort> ports;  // port name -> mapping
  bool operator==(const LocalInfo&) const = default;
};

struct InstanceInfo {
  std::string app_id;                      // `appId`
  std::string app_name;                    // `appName`
  std::string instance_id;                 // `instanceId` (AI-<uuid>)
  std::string executor_id;                 // `executorId`
  std::optional<LocalInfo> local_info;     // `localInfo`, absent for early failures
  std::vector<ResourceAllocation> resources;
  InstanceState state = InstanceState::kPending;
  std::map<std::string, std::string> metadata;
  std::string error_message;               // `errorMessage`, always emitted ("" = none)
  int64_t created = 0;                     // epoch ms
  int64_t updated = 0;                     // epoch ms
  bool operator==(const InstanceInfo&) const = default;
};

// Same shape with serviceId/serviceName (state uses the identical InstanceState spellings).
struct LocalServiceInstanceInfo {
  std::string service_id;                  // `serviceId`
  std::string service_name;                // `serviceName`
  std::string instance_id;                 // SI-<uuid>
  std::string executor_id;
  std::optional<LocalInfo> local_info;
  std::vector<ResourceAllocation> resources;
  InstanceState state = InstanceState::kPending;
  std::map<std::string, std::string> metadata;
  std::string error_message;
  int64_t created = 0;
  int64_t updated = 0;
  bool operator==(const LocalServiceInstanceInfo&) const = default;
};

void to_json(nlohmann::json& j, const InstancePort& v);    // NOLINT
void from_json(const nlohmann::json& j, InstancePort& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, InstancePort* out);
void to_json(nlohmann::json& j, const LocalInfo& v);       // NOLINT
void from_json(const nlohmann::json& j, LocalInfo& v);     // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, LocalInfo* out);
void to_json(nlohmann::json& j, const InstanceInfo& v);    // NOLINT
void from_json(const nlohmann::json& j, InstanceInfo& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, InstanceInfo* out);
void to_json(nlohmann::json& j, const LocalServiceInstanceInfo& v);    // NOLINT
void from_json(const nlohmann::json& j, LocalServiceInstanceInfo& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceInstanceInfo* out);

}  // namespace drove::core
