// Controller -> executor messages (docs/internals.md): the transport seam the engine talks through.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/controller_core.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/task_info.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// Each call returns once the executor accepted the message (200); the work then happens
// asynchronously and comes back as state reports. An error means "not accepted, try again".
class ExecutorClient {
 public:
  virtual ~ExecutorClient() = default;
  // `spec` is the app's ApplicationSpec as stored (JSON, as submitted).
  virtual core::Status StartInstance(const ExecutorAddress& executor,
                                     const core::InstanceInfo& instance,
                                     const nlohmann::json& spec) = 0;
  virtual core::Status StopInstance(const ExecutorAddress& executor, const std::string& app_id,
                                    const std::string& instance_id) = 0;
  virtual core::Status StartTask(const ExecutorAddress& executor, const core::TaskInfo& task,
                                 const nlohmann::json& spec) = 0;
  virtual core::Status StopTask(const ExecutorAddress& executor, const std::string& source_app,
                                const std::string& task_id, const std::string& instance_id) = 0;
};

// Where a call to `executor` goes: https with `tls` (CA, client certificate) when the executor
// reports transportType HTTPS, else plain http.
core::HttpTarget ExecutorTarget(const ExecutorAddress& executor, const core::TlsConfig& tls);

// POSTs to ExecutorTarget(...)/apis/v1/messages with `Cluster-Authorization: <secret>` and
// `NodeId: <node_id>`, each call bounded by `timeout`. Every START_INSTANCE carries a token from
// `tokens` (the container's DROVE_APP_INSTANCE_AUTH_TOKEN); null sends none.
std::unique_ptr<ExecutorClient> MakeHttpExecutorClient(
    std::string controller_secret, std::string node_id, std::chrono::milliseconds timeout,
    std::shared_ptr<const InstanceTokenManager> tokens = nullptr, core::TlsConfig tls = {});

}  // namespace drove::controller
