// The controller's GET /metrics (Prometheus text 0.0.4), a read for users and cluster nodes,
// answered by every controller: a follower says leader 0 and reports no cluster figures.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/metrics/http_request_metrics.h"

namespace drove::controller::api {

inline constexpr const char* kMetricsPath = "/metrics";

std::string RenderControllerMetrics(bool leader, const ClusterGauges& gauges,
                                    const core::HttpRequestMetrics& requests);

// `core` and `requests` must outlive the route.
void AddMetricsRoute(ControllerCore* core, const core::HttpRequestMetrics* requests,
                     std::vector<Route>* routes);

}  // namespace drove::controller::api
