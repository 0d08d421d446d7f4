// The small HTTP side of drove-dns: GET /metrics (Prometheus text) and GET /health.
#pragma once

#include "dns-server/index/index_holder.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/net/http_server.h"

namespace drove::dns {

// /health: 200 "ok" once the first sync happened, 503 "no data" before.
void AddMetricsRoutes(core::HttpServer* http, const Metrics* metrics, const IndexHolder* index);

}  // namespace drove::dns
