// The executor's HTTP routes: controller messages, Drove's log-file API, ping and /metrics. Each
// route states who may call it, in one table that the filter and the tests read.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/executor/api/executor_metrics.h"
#include "orchestrator/executor/runner/runner_registry.h"

namespace drove::executor {

struct ExecutorApiOptions {
  std::string controller_secret;  // expected in Cluster-Authorization
  std::string log_dir;
  OfferedCapacity offered = {};  // for /metrics
  // Fed by the server's replies, read by /metrics; RegisterExecutorRoutes makes one when unset.
  std::shared_ptr<core::HttpRequestMetrics> requests = nullptr;
  // Writes what others keep for /metrics (engine call latency, per-container usage); may be
  // empty. Called on the HTTP loop: it must only copy figures out, never ask the engine.
  MetricsWriter more_metrics = nullptr;
};

// Who may call an executor route.
enum class ExecutorAccess {
  // Anyone: ping (health checks and load balancers carry no secret) and /metrics (Prometheus
  // cannot send Cluster-Authorization; the figures are counts, no ids).
  kOpen,
  kController,  // Cluster-Authorization with the controllers' secret; anything else gets 401
};

struct ExecutorRoute {
  std::string method;
  std::string pattern;
  ExecutorAccess access;
  core::Handler handler;
};

// The route table. `registry` must outlive the handlers.
std::vector<ExecutorRoute> ExecutorRoutes(RunnerRegistry& registry,
                                          const ExecutorApiOptions& options);

// Binds ExecutorRoutes() and a filter that enforces each route's access.
void RegisterExecutorRoutes(core::HttpServer& server, RunnerRegistry& registry,
                            ExecutorApiOptions options);

}  // namespace drove::executor
