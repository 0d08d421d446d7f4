// Read-side API models: AppSummary, ApplicationInfo, ClusterSummary, ClusterStateData, ExecutorSummary, BlacklistOperationResponse, ExposedAppInfo.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/enums.h"

namespace drove::core {

// GET /applications[/{id}]. totalCPUs/totalMemory = per-instance requirement x requiredInstances.
struct AppSummary {
  std::string id;
  std::string name;
  int64_t required_instances = 0;          // `requiredInstances`
  int64_t healthy_instances = 0;           // `healthyInstances`
  int64_t total_cpus = 0;                  // `totalCPUs`
  int64_t total_memory = 0;                // `totalMemory` (MB)
  std::optional<std::map<std::string, std::string>> tags;
  ApplicationState state = ApplicationState::kInit;  // always emitted (the CLI indexes it)
  int64_t created = 0;
  int64_t updated = 0;
  bool operator==(const AppSummary&) const = default;
};

// Stored form of an app: {appId, spec, instances, created, updated}.
struct ApplicationInfo {
  std::string app_id;                      // `appId`
  ApplicationSpec spec;
  int64_t instances = 0;                   // wanted instance count
  int64_t created = 0;
  int64_t updated = 0;
  bool operator==(const ApplicationInfo&) const = default;
};

struct ClusterSummary {
  std::string leader;                      // "host:port" | "Leader election underway"
  ClusterState state = ClusterState::kNormal;
  int32_t num_executors = 0;               // `numExecutors`
  int32_t num_applications = 0;            // `numApplications`
  int32_t num_active_applications = 0;     // `numActiveApplications`
  int32_t num_active_tasks = 0;            // `numActiveTasks`
  int32_t num_local_services = 0;          // `numLocalServices`
  int32_t num_active_local_services = 0;   // `numActiveLocalServices`
  int32_t free_cores = 0;                  // `freeCores`
  int32_t used_cores = 0;                  // `usedCores`
  int32_t total_cores = 0;                 // `totalCores`
  int64_t free_memory = 0;                 // `freeMemory` (MB)
  int64_t used_memory = 0;                 // `usedMemory` (MB)
  int64_t total_memory = 0;                // `totalMemory` (MB)
  bool operator==(const ClusterSummary&) const = default;
};

// Maintenance set/unset reply: {state, updated}.
struct ClusterStateData {
  ClusterState state = ClusterState::kNormal;
  int64_t updated = 0;
  bool operator==(const ClusterStateData&) const = default;
};

// GET /cluster/executors item.
struct ExecutorSummary {
  std::string executor_id;                 // `executorId`
  std::string hostname;
  int32_t port = 0;
  NodeTransportType transport_type = NodeTransportType::kHttp;  // `transportType`
  int32_t free_cores = 0;
  int32_t used_cores = 0;
  int64_t free_memory = 0;                 // MB
  int64_t used_memory = 0;                 // MB
  std::vector<std::string> tags;
  ExecutorState state = ExecutorState::kActive;
  bool operator==(const ExecutorSummary&) const = default;
};

struct BlacklistOperationResponse {
  std::vector<std::string> successful;
  std::vector<std::string> failed;
  int64_t approx_completion_time_ms = 0;   // `approxCompletionTimeMs`
  std::optional<std::string> message;
  bool operator==(const BlacklistOperationResponse&) const = default;
};

// `hosts[]` of an exposed app: executor hostname, host port of the exposed port, its type and name.
struct ExposedHost {
  std::string host;
  int32_t port = 0;
  PortType port_type = PortType::kHttp;    // `portType`
  // `portName` (exposureSpec.portName): our addition to Drove's view, absent from a stock Drove
  // controller's; the initializer keeps three-field brace initialization warning-free.
  std::string port_name = {};
  bool operator==(const ExposedHost&) const = default;
};

// GET /endpoints item.
struct ExposedAppInfo {
  std::string app_name;                    // `appName`
  std::string app_id;                      // `appId`
  std::string vhost;
  std::optional<std::map<std::string, std::string>> tags;
  std::vector<ExposedHost> hosts;          // `[]` when no healthy host
  bool operator==(const ExposedAppInfo&) const = default;
};

void to_json(nlohmann::json& j, const AppSummary& v);                    // NOLINT
void from_json(const nlohmann::json& j, AppSummary& v);                  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, AppSummary* out);
void to_json(nlohmann::json& j, const ApplicationInfo& v);               // NOLINT
void from_json(const nlohmann::json& j, ApplicationInfo& v);             // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationInfo* out);
void to_json(nlohmann::json& j, const ClusterSummary& v);                // NOLINT
void from_json(const nlohmann::json& j, ClusterSummary& v);              // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ClusterSummary* out);
void to_json(nlohmann::json& j, const ClusterStateData& v);              // NOLINT
void from_json(const nlohmann::json& j, ClusterStateData& v);            // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ClusterStateData* out);
void to_json(nlohmann::json& j, const ExecutorSummary& v);               // NOLINT
void from_json(const nlohmann::json& j, ExecutorSummary& v);             // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorSummary* out);
void to_json(nlohmann::json& j, const BlacklistOperationResponse& v);    // NOLINT
void from_json(const nlohmann::json& j, BlacklistOperationResponse& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, BlacklistOperationResponse* out);
void to_json(nlohmann::json& j, const ExposedHost& v);                   // NOLINT
void from_json(const nlohmann::json& j, ExposedHost& v);                 // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExposedHost* out);
void to_json(nlohmann::json& j, const ExposedAppInfo& v);                // NOLINT
void from_json(const nlohmann::json& j, ExposedAppInfo& v);              // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExposedAppInfo* out);

}  // namespace drove::core
