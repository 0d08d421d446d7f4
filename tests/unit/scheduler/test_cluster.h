// Test helpers for the scheduler unit tests: build executors and requests in one line.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include "orchestrator/scheduler/cluster_view.h"
#include "orchestrator/scheduler/feasibility.h"

namespace drove::scheduler::testing {

struct NodeSpec {
  NumaNodeId id;
  std::set<CoreId> cores;
  int64_t memory_mb;
};

// Executor `id` on host `id + ".host"` with the given NUMA nodes and extra tags.
inline ExecutorInfo MakeExecutor(const std::string& id, std::initializer_list<NodeSpec> nodes,
                                 std::set<std::string> tags = {}) {
  ExecutorInfo info;
  info.executor_id = id;
  info.hostname = id + ".host";
  info.tags = std::move(tags);
  for (const auto& node : nodes)
    info.layout.nodes[node.id] = NodeLayout{node.cores, node.memory_mb};
  return info;
}

// Executor with one NUMA node 0 holding cores 0..cores-1 and `memory_mb`.
inline ExecutorInfo SimpleExecutor(const std::string& id, int cores, int64_t memory_mb,
                                   std::set<std::string> tags = {}) {
  std::set<CoreId> ids;
  for (int i = 0; i < cores; ++i) ids.insert(i);
  return MakeExecutor(id, {{0, ids, memory_mb}}, std::move(tags));
}

inline PlacementRequest Request(const std::string& app_id, int64_t cores, int64_t memory_mb,
                                core::PlacementPolicy policy = core::PlacementPolicy::Any()) {
  PlacementRequest request;
  request.app_id = app_id;
  request.cores = cores;
  request.memory_mb = memory_mb;
  request.policy = std::move(policy);
  return request;
}

}  // namespace drove::scheduler::testing
