// Retention choice (see run_retention.h).
#include "orchestrator/epoch/scheduling/run_retention.h"

#include <algorithm>

namespace drove::epoch {

std::vector<std::string> RunsToPrune(std::vector<RunInfo> runs, int keep) {
  runs.erase(std::remove_if(runs.begin(), runs.end(),
                            [](const RunInfo& r) { return r.state == RunState::kRunning; }),
             runs.end());
  std::stable_sort(runs.begin(), runs.end(), [](const RunInfo& a, const RunInfo& b) {
    if (a.updated != b.updated) return a.updated > b.updated;
    return a.run_id > b.run_id;
  });
  std::vector<std::string> out;
  for (size_t i = static_cast<size_t>(std::max(keep, 0)); i < runs.size(); ++i) {
    out.push_back(runs[i].run_id);
  }
  return out;
}

std::vector<std::string> UpstreamTaskIds(const RunInfo& run) {
  std::vector<std::string> out;
  for (const auto& [name, task] : run.tasks) {
    if (!task.upstream_id.empty() && task.upstream_id != kUnknownUpstreamId) {
      out.push_back(task.upstream_id);
    }
  }
  return out;
}

}  // namespace drove::epoch
