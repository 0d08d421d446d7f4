// The executor's HTTP routes: controller messages, Drove's log-file API and ping. Each route states
// who may call it, in one table that the filter and the tests read.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/executor/runner/runner_registry.h"

namespace drove::executor {

struct ExecutorApiOptions {
  std::string controller_secret;  // expected in Cluster-Authorization
  std::string log_dir;
};

// Who may call an executor route.
enum class ExecutorAccess {
  kOpen,        // anyone: ping (health checks and load balancers carry no secret)
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
                            const ExecutorApiOptions& options);

}  // namespace drove::executor
