// Counting API requests and writing them out (see http_request_metrics.h).
#include "orchestrator/core/metrics/http_request_metrics.h"

namespace drove::core {

void HttpRequestMetrics::Observe(std::string_view method, std::string_view route, int status,
                                 double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto it = durations_.find(route);
  if (it == durations_.end()) {
    it = durations_.emplace(std::string(route), Histogram(DefaultSecondsBounds())).first;
  }
  it->second.Observe(seconds);
}

void HttpRequestMetrics::WriteTo(PrometheusText& out) const {
  std::lock_guard lock(mu_);
  out.Family("drove_http_requests_total", MetricType::kCounter,
             "API requests answered, by route template, method and status code.");
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, code] = key;
    out.Sample("drove_http_requests_total",
               {{"route", route}, {"method", method}, {"code", std::to_string(code)}}, count);
  }
  out.Family("drove_http_request_duration_seconds", MetricType::kHistogram,
             "Time from routing a request to handing its reply to the network, by route.");
  for (const auto& [route, histogram] : durations_) {
    histogram.WriteTo(out, "drove_http_request_duration_seconds", {{"route", route}});
  }
}

}  // namespace drove::core
