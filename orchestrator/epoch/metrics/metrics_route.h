// GET /metrics: drove-epoch's metrics in Prometheus' text format, on the admin connector when one
// is configured (unauthenticated, as Dropwizard's admin pages), else on the application port
// (behind the API's Basic auth; answered by the node asked, never forwarded to the leader).
#pragma once

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/epoch/metrics/epoch_metrics.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"
#include "orchestrator/epoch/store/epoch_repository.h"

namespace drove::epoch {

inline constexpr const char* kMetricsPath = "/metrics";

// Topology counts of the repository while `scheduler` leads; zeros on a node that does not (its
// memory is the last leader term's, or empty).
TopologyGauges ReadTopologyGauges(const EpochRepository& repository,
                                  const SchedulerCore& scheduler);

void AddMetricsRoute(core::HttpServer* server, const EpochMetrics& metrics,
                     const EpochRepository& repository, const SchedulerCore& scheduler);

}  // namespace drove::epoch
