// The executor's GET /metrics (Prometheus text 0.0.4): its instances and tasks by state, this
// node's cores and memory used and free, and its API requests. Per-container usage (CPU, memory,
// network) is not here: it needs an engine stats call per container, off the HTTP loop.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/core/metrics/http_request_metrics.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/task_info.h"

namespace drove::executor {

// What this node offers (the snapshot's layout): cores and MB over all NUMA nodes.
struct OfferedCapacity {
  int64_t cores = 0;
  int64_t memory_mb = 0;
};

std::string RenderExecutorMetrics(const std::vector<core::InstanceInfo>& instances,
                                  const std::vector<core::TaskInfo>& tasks,
                                  const OfferedCapacity& offered,
                                  const core::HttpRequestMetrics& requests);

}  // namespace drove::executor
