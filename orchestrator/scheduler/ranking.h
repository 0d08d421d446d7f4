// Ranking (Nomad's rank step): deterministic order of feasible executors, NUMA nodes and cores.
//
// Order, best first:
//   1. fewest instances of this appId on the executor (spread an app across hosts);
//   2. fewest free cores on the executor (best fit: keep big holes for big instances);
//   3. least free memory on the executor;
//   4. executor id ascending (total order, so every run decides the same).
// Within the executor: the fitting NUMA node with the fewest free cores, then least free memory,
// then lowest node id; the cores taken are the lowest free core ids of that node.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/scheduler/cluster_view.h"

namespace drove::scheduler {

// Views the executor's id: valid while the executor is in the view.
struct RankKey {
  int app_instances = 0;
  int64_t free_cores = 0;
  int64_t free_mb = 0;
  std::string_view executor_id;
  auto operator<=>(const RankKey&) const = default;
};

RankKey MakeRankKey(const ExecutorView& executor, const std::string& app_id);

// Best node among `fitting` (non-empty) by the rule above.
NumaNodeId ChooseNode(const ExecutorView& executor, const std::vector<NumaNodeId>& fitting);

// The `count` lowest free core ids of `node` (the caller has checked there are enough).
std::vector<CoreId> ChooseCores(const NumaNodeView& node, int64_t count);

}  // namespace drove::scheduler
