// Local service read models (drove-api.md 4): the stored LocalServiceInfo and the
// LocalServiceSummary that GET /localservices[/{id}] returns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/local_service_spec.h"

namespace drove::core {

// Stored form of a service: {serviceId, spec, instancesPerHost, activationState, created, updated}.
struct LocalServiceInfo {
  std::string service_id;                  // `serviceId`
  LocalServiceSpec spec;
  int32_t instances_per_host = 0;          // `instancesPerHost`
  ActivationState activation_state = ActivationState::kInactive;  // `activationState`
  int64_t created = 0;                     // epoch ms
  int64_t updated = 0;                     // epoch ms
  bool operator==(const LocalServiceInfo&) const = default;
};

// GET /localservices item (the map's values) and GET /localservices/{id}.
// `localservices list` indexes name, state, activationState, totalCPUs, totalMemory,
// instancesPerHost, healthyInstances, created and updated, so all are always emitted.
struct LocalServiceSummary {
  std::string id;                          // serviceId
  std::string name;                        // spec name
  int64_t instances_per_host = 0;          // `instancesPerHost`
  int64_t healthy_instances = 0;           // `healthyInstances`: HEALTHY instances
  int64_t total_cpus = 0;                  // `totalCPUs`
  int64_t total_memory = 0;                // `totalMemory` (MB)
  std::optional<std::map<std::string, std::string>> tags;  // the spec's, omitted when it has none
  ActivationState activation_state = ActivationState::kInactive;  // `activationState`
  LocalServiceState state = LocalServiceState::kInit;
  int64_t created = 0;
  int64_t updated = 0;
  bool operator==(const LocalServiceSummary&) const = default;
};

// Drove's summary of `info` in `state`: healthyInstances counts HEALTHY instances, and
// totalCPUs/totalMemory are the per-instance requirement times the instances in ACTIVE states.
// `instances` are the service's instances on every executor, in any state.
LocalServiceSummary SummarizeLocalService(const LocalServiceInfo& info, LocalServiceState state,
                                          const std::vector<LocalServiceInstanceInfo>& instances);

void to_json(nlohmann::json& j, const LocalServiceInfo& v);       // NOLINT
void from_json(const nlohmann::json& j, LocalServiceInfo& v);     // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceInfo* out);
void to_json(nlohmann::json& j, const LocalServiceSummary& v);    // NOLINT
void from_json(const nlohmann::json& j, LocalServiceSummary& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceSummary* out);

}  // namespace drove::core
