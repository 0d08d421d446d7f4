// The controller's GET /metrics (Prometheus text 0.0.4), a read for users and cluster nodes,
// answered by every controller: a follower says leader 0 and reports no cluster figures.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestrator/controller/api/event_stream.h"
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/metrics/http_request_metrics.h"

namespace drove::controller::api {

inline constexpr const char* kMetricsPath = "/metrics";

// `core_metrics` (may be empty) writes the core's counters and histograms.
std::string RenderControllerMetrics(bool leader, const ClusterGauges& gauges,
                                    const std::function<void(core::PrometheusText&)>& core_metrics,
                                    const core::HttpRequestMetrics& requests);

// `core`, `requests` and `events` (the event store's and stream's figures) must outlive the route.
void AddMetricsRoute(ControllerCore* core, const core::HttpRequestMetrics* requests,
                     const EventStream* events, std::vector<Route>* routes);

}  // namespace drove::controller::api
