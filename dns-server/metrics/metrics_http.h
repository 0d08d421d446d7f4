// The small HTTP side of drove-dns: GET /metrics (Prometheus text) and GET /health.
#pragma once

#include "dns-server/index/zone_set.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/net/http_server.h"

namespace drove::dns {

// /health: 200 once every cluster had its first sync, 503 before. Without `clusters:` the body is
// "ok" / "no data"; with it, one line per cluster: "NAME ok" or "NAME no data".
void AddMetricsRoutes(core::HttpServer* http, const Metrics* metrics, const ZoneSet* zones);

// The /health body for `zones`.
std::string HealthText(const ZoneSet& zones);

}  // namespace drove::dns
