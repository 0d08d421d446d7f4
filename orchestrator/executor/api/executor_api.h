// The executor's HTTP routes: controller messages, Drove's log-file API and ping, all behind
// the controller's cluster secret (ping excepted).
#pragma once

#include <string>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/executor/runner/runner_registry.h"

namespace drove::executor {

struct ExecutorApiOptions {
  std::string controller_secret;  // expected in Cluster-Authorization
  std::string log_dir;
};

void RegisterExecutorRoutes(core::HttpServer& server, RunnerRegistry& registry,
                            const ExecutorApiOptions& options);

}  // namespace drove::executor
