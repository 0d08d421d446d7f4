// Ranking: the deterministic preference among feasible executors, NUMA nodes and cores.
#include "orchestrator/scheduler/ranking.h"

#include <tuple>

namespace drove::scheduler {

RankKey MakeRankKey(const ExecutorView& executor, const std::string& app_id) {
  return RankKey{executor.InstancesOf(app_id), executor.FreeCores(), executor.FreeMemoryMb(),
                 executor.executor_id};
}

NumaNodeId ChooseNode(const ExecutorView& executor, const std::vector<NumaNodeId>& fitting) {
  NumaNodeId best = fitting.front();
  auto key = [&executor](NumaNodeId id) {
    const NumaNodeView& node = executor.nodes.at(id);
    return std::make_tuple(node.free_cores.size(), node.free_mb, id);
  };
  for (NumaNodeId id : fitting) {
    if (key(id) < key(best)) best = id;
  }
  return best;
}

std::vector<CoreId> ChooseCores(const NumaNodeView& node, int64_t count) {
  std::vector<CoreId> cores;
  cores.reserve(static_cast<size_t>(count));
  for (auto it = node.free_cores.begin();
       it != node.free_cores.end() && static_cast<int64_t>(cores.size()) < count; ++it) {
    cores.push_back(*it);
  }
  return cores;
}

}  // namespace drove::scheduler
