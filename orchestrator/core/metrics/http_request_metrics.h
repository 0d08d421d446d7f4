// API requests counted by route template, method and status code, with a latency histogram per
// route: drove_http_requests_total and drove_http_request_duration_seconds.
//
// Owner: shared by the HTTP loop and the threads that reply (the controller's writer); the
// families lock themselves.
#pragma once

#include <string_view>

#include "orchestrator/core/metrics/metric_families.h"

namespace drove::core {

class HttpRequestMetrics {
 public:
  HttpRequestMetrics();
  // `route` is the matched pattern ("/apis/v1/applications/{appId}"), never the raw path, so
  // the series stay bounded.
  void Observe(std::string_view method, std::string_view route, int status, double seconds);
  void WriteTo(PrometheusText& out) const;

 private:
  CounterFamily requests_;     // route, method, code
  HistogramFamily durations_;  // by route
};

}  // namespace drove::core
