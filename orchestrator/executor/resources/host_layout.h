// The host's CPU/memory layout per NUMA node, as read from /sys, and the layout the executor
// offers to the controller after osCores, exposedMemPercentage and overprovisioning.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::executor {

// Cores and memory (MB) per NUMA node.
struct NodeLayout {
  std::map<int, std::vector<int>> cores;
  std::map<int, int64_t> memory_mb;

  bool operator==(const NodeLayout&) const = default;
};

struct LayoutOptions {
  std::vector<int> os_cores;
  int exposed_mem_percentage = 100;
  bool over_provisioning = false;
  int cpu_multiplier = 1;
  int memory_multiplier = 1;
};

// Parses "0-3,8,10-11".
core::Result<std::vector<int>> ParseCpuList(const std::string& text);

// Reads node*/cpulist and node*/meminfo under `sys_root` (normally "/sys"); without NUMA nodes,
// falls back to one node 0 holding every online cpu and MemTotal from `proc_meminfo`.
core::Result<NodeLayout> ReadHostLayout(const std::string& sys_root = "/sys",
                                        const std::string& proc_meminfo = "/proc/meminfo");

// The offered layout plus the way back from offered (virtual) core ids to physical ones.
class ResourceLayout {
 public:
  ResourceLayout(const NodeLayout& physical, const LayoutOptions& options);

  // What the snapshot reports as `layout` (virtual when overprovisioning is on).
  const NodeLayout& offered() const { return offered_; }
  // Physical core ids behind the offered ids of `node` (deduplicated, sorted). Ids unknown to
  // the layout are passed through unchanged.
  std::vector<int> PhysicalCores(int node, const std::vector<int>& offered_ids) const;

 private:
  NodeLayout physical_;  // after osCores and exposedMemPercentage
  NodeLayout offered_;
  std::map<int, int> virtual_to_physical_;
};

}  // namespace drove::executor
