// ExecutorNodeData (GET /cluster/executors/{id}) with its resource snapshot and physical layout.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/resources.h"
#include "orchestrator/core/model/task_info.h"

namespace drove::core {

// `state.cpus`: {type:"CPU", freeCores, usedCores}.
struct AvailableCpu {
  CoreMap free_cores;   // `freeCores`
  CoreMap used_cores;   // `usedCores`
  bool operator==(const AvailableCpu&) const = default;
};

// `state.memory`: {type:"MEMORY", freeMemory, usedMemory} (MB per NUMA node).
struct AvailableMemory {
  MemoryMap free_memory;  // `freeMemory`
  MemoryMap used_memory;  // `usedMemory`
  bool operator==(const AvailableMemory&) const = default;
};

// `layout`: {cores, memory} — the executor's (virtual) NUMA layout.
struct PhysicalLayout {
  CoreMap cores;
  MemoryMap memory;
  bool operator==(const PhysicalLayout&) const = default;
};

// `state`: {executorId, cpus, memory, layout?}.
struct ExecutorResourceSnapshot {
  std::string executor_id;                 // `executorId`
  AvailableCpu cpus;
  AvailableMemory memory;
  std::optional<PhysicalLayout> layout;
  bool operator==(const ExecutorResourceSnapshot&) const = default;
};

// {type:"EXECUTOR", hostname, port, transportType, updated, state, instances, tasks,
//  serviceInstances, tags, metadata, executorState}.
struct ExecutorNodeData {
  std::string hostname;
  int32_t port = 0;
  NodeTransportType transport_type = NodeTransportType::kHttp;  // `transportType`
  int64_t updated = 0;
  ExecutorResourceSnapshot state;
  std::vector<InstanceInfo> instances;
  std::vector<TaskInfo> tasks;
  std::vector<LocalServiceInstanceInfo> service_instances;  // `serviceInstances`
  std::vector<std::string> tags;           // includes the hostname
  std::map<std::string, std::string> metadata;
  ExecutorState executor_state = ExecutorState::kActive;  // `executorState`
  bool operator==(const ExecutorNodeData&) const = default;
};

void to_json(nlohmann::json& j, const AvailableCpu& v);                // NOLINT
void from_json(const nlohmann::json& j, AvailableCpu& v);              // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, AvailableCpu* out);
void to_json(nlohmann::json& j, const AvailableMemory& v);             // NOLINT
void from_json(const nlohmann::json& j, AvailableMemory& v);           // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, AvailableMemory* out);
void to_json(nlohmann::json& j, const PhysicalLayout& v);              // NOLINT
void from_json(const nlohmann::json& j, PhysicalLayout& v);            // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, PhysicalLayout* out);
void to_json(nlohmann::json& j, const ExecutorResourceSnapshot& v);    // NOLINT
void from_json(const nlohmann::json& j, ExecutorResourceSnapshot& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorResourceSnapshot* out);
void to_json(nlohmann::json& j, const ExecutorNodeData& v);            // NOLINT
void from_json(const nlohmann::json& j, ExecutorNodeData& v);          // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorNodeData* out);

}  // namespace drove::core
