// Resource value types of the scheduler: an executor's NUMA layout and one instance's allocation.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::scheduler {

using NumaNodeId = int32_t;
using CoreId = int32_t;

// What one NUMA node of an executor offers.
struct NodeLayout {
  std::set<CoreId> cores;
  int64_t memory_mb = 0;
  bool operator==(const NodeLayout&) const = default;
};

// An executor's offer as it reports it ("layout": {"cores": {"0": [..]}, "memory": {"0": MB}}).
// Over-provisioning happens on the executor: it reports a virtual layout (cores × cpuMultiplier,
// memory × memoryMultiplier), so the scheduler simply sees more cores and memory.
struct ExecutorLayout {
  std::map<NumaNodeId, NodeLayout> nodes;
  bool operator==(const ExecutorLayout&) const = default;
};

// One instance's resources. As in Drove, whole cores, and all cores and memory from one node.
struct Allocation {
  std::string executor_id;
  std::string app_id;  // counted per executor for ONE_PER_HOST / MAX_N_PER_HOST
  NumaNodeId node_id = 0;
  std::vector<CoreId> cores;  // sorted ascending
  int64_t memory_mb = 0;
  bool operator==(const Allocation&) const = default;
};

// Drove's ResourceAllocation[]: [{"type":"CPU","cores":{"0":[2,3]}},
// {"type":"MEMORY","memoryInMB":{"0":512}}].
nlohmann::json AllocationToResources(const Allocation& allocation);

// Reads an instance's `resources` array back (controller restart). Fails when it names more
// than one NUMA node, lacks CPU or MEMORY, or is malformed; `path` prefixes the error.
core::Result<Allocation> AllocationFromResources(const nlohmann::json& resources,
                                                 const std::string& executor_id,
                                                 const std::string& app_id,
                                                 const std::string& path = "resources");

nlohmann::json LayoutToJson(const ExecutorLayout& layout);
core::Result<ExecutorLayout> ParseLayout(const nlohmann::json& j,
                                         const std::string& path = "layout");

}  // namespace drove::scheduler
