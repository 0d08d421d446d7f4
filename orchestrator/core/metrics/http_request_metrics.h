// API requests counted by route template, method and status code, with a latency histogram per
// route: drove_http_requests_total and drove_http_request_duration_seconds.
//
// Owner: shared by the HTTP loop and the threads that reply (the controller's writer); mu_
// guards the maps.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "orchestrator/core/metrics/prometheus_text.h"

namespace drove::core {

class HttpRequestMetrics {
 public:
  // `route` is the matched pattern ("/apis/v1/applications/{appId}"), never the raw path, so
  // the series stay bounded.
  void Observe(std::string_view method, std::string_view route, int status, double seconds);
  void WriteTo(PrometheusText& out) const;

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // route, method, code
  std::map<std::string, Histogram, std::less<>> durations_;                 // by route
};

}  // namespace drove::core
