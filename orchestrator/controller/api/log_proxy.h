// /apis/v1/logfiles/...: proxies log list/read/download to the executor that holds the instance/task.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/worker_pool.h"

namespace drove::controller::api {

struct LogProxyOptions {
  std::string node_id;            // sent as NodeId
  std::string controller_secret;  // sent as Cluster-Authorization
  core::TlsConfig tls;            // for executors that report transportType HTTPS
  int workers = 4;                // blocking executor calls run on these threads
  int timeout_seconds = 60;
};

// What a log route names: a task (by sourceAppName and user taskId) or an app or local-service
// instance, under /apis/v1/logfiles/<path>/{owner_param}/{id_param}.
struct LogSource {
  bool task;
  const char* path;
  const char* owner_param;
  const char* id_param;
};

// Executor calls block, so they run on worker threads and reply through the thread-safe Reply.
class LogProxy {
 public:
  LogProxy(ControllerCore* core, LogProxyOptions options);
  ~LogProxy();
  LogProxy(const LogProxy&) = delete;
  LogProxy& operator=(const LogProxy&) = delete;

  void AddRoutes(std::vector<Route>* routes);
  // Finishes queued calls and joins the workers. Idempotent.
  void Stop();

 private:
  void Serve(const ApiRequest& request, const LogSource& source, const std::string& action,
             Reply reply);

  ControllerCore* core_;
  LogProxyOptions options_;
  std::unique_ptr<core::WorkerPool> workers_;
};

}  // namespace drove::controller::api
