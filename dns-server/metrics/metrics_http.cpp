// Routes for /metrics and /health on core's HttpServer.
#include "dns-server/metrics/metrics_http.h"

#include "orchestrator/core/metrics/prometheus_text.h"
#include "orchestrator/core/util/clock.h"

namespace drove::dns {

void AddMetricsRoutes(core::HttpServer* http, const Metrics* metrics, const IndexHolder* index) {
  http->Route("GET", "/metrics", [metrics, index](core::Request&, core::Responder responder) {
    std::string body = metrics->Render(*index->Get(), core::SystemClock::Instance().NowMillis());
    responder.Send(200, core::kPrometheusContentType, std::move(body));
  });
  http->Route("GET", "/health", [index](core::Request&, core::Responder responder) {
    bool ready = index->Get()->ready();
    responder.Send(ready ? 200 : 503, "text/plain", ready ? "ok\n" : "no data\n");
  });
}

}  // namespace drove::dns
