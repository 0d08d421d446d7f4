// Counting API requests and writing them out (see http_request_metrics.h).
#include "orchestrator/core/metrics/http_request_metrics.h"

namespace drove::core {

HttpRequestMetrics::HttpRequestMetrics()
    : requests_("drove_http_requests_total",
                "API requests answered, by route template, method and status code."),
      durations_("drove_http_request_duration_seconds",
                 "Time from routing a request to handing its reply to the network, by route.",
                 DefaultSecondsBounds()) {}

void HttpRequestMetrics::Observe(std::string_view method, std::string_view route, int status,
                                 double seconds) {
  requests_.Add({{"route", std::string(route)},
                 {"method", std::string(method)},
                 {"code", std::to_string(status)}});
  durations_.Observe({{"route", std::string(route)}}, seconds);
}

void HttpRequestMetrics::WriteTo(PrometheusText& out) const {
  requests_.WriteTo(out);
  durations_.WriteTo(out);
}

}  // namespace drove::core
