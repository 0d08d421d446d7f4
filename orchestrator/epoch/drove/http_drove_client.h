// DroveTaskClient over Drove's REST API, following the leader controller: with several endpoints
// the leader is the one whose GET /apis/v1/ping answers 200, looked up again every checkInterval
// and after a call that could not reach it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/drove/drove_task_client.h"

namespace drove::epoch {

class HttpDroveClient : public DroveTaskClient {
 public:
  // Fails when an endpoint is not a URL. https:// endpoints are verified with `tls` (the
  // top-level tls section), or not at all with drove.insecure.
  static core::Result<std::unique_ptr<HttpDroveClient>> Create(const DroveSettings& settings,
                                                               const core::TlsConfig& tls = {});

  CreateTaskResult CreateTask(const Json& spec) override;
  TaskStatusRead GetTask(const std::string& task_id) override;
  KillTaskResult KillTask(const std::string& task_id) override;
  core::Status DeleteTask(const std::string& task_id) override;
  std::optional<std::string> LeaderUrl() override;

 private:
  HttpDroveClient(DroveSettings settings, std::vector<core::HttpTarget> targets);
  // One call to the leader; on a transport error the leader is looked up again next time.
  core::Result<core::HttpResponse> Call(const std::string& method, const std::string& path,
                                        const std::string& body);
  std::optional<core::HttpTarget> Leader();
  std::optional<core::HttpTarget> FindLeader();

  const DroveSettings settings_;
  const std::vector<core::HttpTarget> targets_;
  std::mutex mu_;  // guards leader_ and leader_checked_
  std::optional<core::HttpTarget> leader_;
  std::chrono::steady_clock::time_point leader_checked_;
};

}  // namespace drove::epoch
