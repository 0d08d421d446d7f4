// The executor's GET /metrics (Prometheus text 0.0.4): its instances and tasks by state, this
// node's cores and memory used and free, and its API requests; per-container usage and engine
// call latency come from their keepers (metrics/container_stats_collector.h,
// engine/timed_engine.h) through `more`.
#pragma once

#include <functional>
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

// Appends more families to a /metrics reply.
using MetricsWriter = std::function<void(core::PrometheusText&)>;

// drove_executor_info{executor, hostname} 1: which executor this /metrics belongs to, so
// Prometheus queries can join its series with the controller's (labelled by executor id).
void WriteExecutorInfo(core::PrometheusText& out, const std::string& executor_id,
                       const std::string& hostname);

// `more` (may be empty) is written after this node's own figures, before the requests.
std::string RenderExecutorMetrics(const std::vector<core::InstanceInfo>& instances,
                                  const std::vector<core::TaskInfo>& tasks,
                                  const OfferedCapacity& offered, const MetricsWriter& more,
                                  const core::HttpRequestMetrics& requests);

}  // namespace drove::executor
