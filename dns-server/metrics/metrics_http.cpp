// Routes for /metrics and /health on core's HttpServer.
#include "dns-server/metrics/metrics_http.h"

#include "orchestrator/core/metrics/prometheus_text.h"
#include "orchestrator/core/util/clock.h"

namespace drove::dns {

std::string HealthText(const ZoneSet& zones) {
  if (!zones.named()) return zones.AllReady() ? "ok\n" : "no data\n";
  std::string out;
  for (size_t i = 0; i < zones.size(); ++i) {
    const ClusterZone& cluster = zones.cluster(i);
    out += cluster.name + (cluster.index.Get()->ready() ? " ok\n" : " no data\n");
  }
  return out;
}

void AddMetricsRoutes(core::HttpServer* http, const Metrics* metrics, const ZoneSet* zones) {
  http->Route("GET", "/metrics", [metrics, zones](core::Request&, core::Responder responder) {
    std::string body = metrics->Render(*zones, core::SystemClock::Instance().NowMillis());
    responder.Send(200, core::kPrometheusContentType, std::move(body));
  });
  http->Route("GET", "/health", [zones](core::Request&, core::Responder responder) {
    responder.Send(zones->AllReady() ? 200 : 503, "text/plain", HealthText(*zones));
  });
}

}  // namespace drove::dns
