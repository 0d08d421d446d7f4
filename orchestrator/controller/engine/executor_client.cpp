// HTTP implementation of ExecutorClient over the blocking core::HttpClient.
#include "orchestrator/controller/engine/executor_client.h"

#include <utility>

#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/http_client.h"

namespace drove::controller {
namespace {

using nlohmann::json;

// Reads a stored spec as the message's typed payload, errors prefixed with `path`.
template <typename T>
core::Result<T> ReadAs(const json& record, const std::string& path) {
  return core::CatchParse<T>([&] {
    T out{};
    core::ReadJson(record, path, &out);
    return out;
  });
}

// The executor's state as the start's stamp (ExecutorAddress carries it as its wire name).
core::Result<core::ExecutorState> StampOf(const ExecutorAddress& executor) {
  auto state = core::ParseEnum<core::ExecutorState>(executor.executor_state);
  if (state) return *state;
  return core::Status::Error("executor " + executor.executor_id + " has unknown state " +
                             executor.executor_state);
}

// The controller keeps specs as the JSON it stored; a start reads them into the typed message,
// so a spec the executor could not read never leaves.
core::Result<core::StartInstanceMessage> StartInstanceMessageOf(const ExecutorAddress& executor,
                                                                const core::InstanceInfo& instance,
                                                                const json& spec) {
  auto state = StampOf(executor);
  auto app_spec = ReadAs<core::ApplicationSpec>(spec, "spec");
  for (const core::Status& st : {state.status(), app_spec.status()}) {
    if (!st.ok()) return st;
  }
  core::StartInstanceMessage message;
  message.instance = instance;
  message.spec = std::move(app_spec).value();
  message.executor_state = *state;
  return message;
}

core::Result<core::StartTaskMessage> StartTaskMessageOf(const ExecutorAddress& executor,
                                                        const core::TaskInfo& task,
                                                        const json& spec) {
  auto state = StampOf(executor);
  auto task_spec = ReadAs<core::TaskSpec>(spec, "spec");
  for (const core::Status& st : {state.status(), task_spec.status()}) {
    if (!st.ok()) return st;
  }
  core::StartTaskMessage message;
  message.task = task;
  message.spec = std::move(task_spec).value();
  message.executor_state = *state;
  return message;
}

class HttpExecutorClient : public ExecutorClient {
 public:
  HttpExecutorClient(std::string secret, std::string node_id, std::chrono::milliseconds timeout,
                     std::shared_ptr<const InstanceTokenManager> tokens, core::TlsConfig tls)
      : secret_(std::move(secret)), node_id_(std::move(node_id)), timeout_(timeout),
        tokens_(std::move(tokens)), tls_(std::move(tls)) {}

  core::Status StartInstance(const ExecutorAddress& executor, const core::InstanceInfo& instance,
                             const json& spec) override {
    auto message = StartInstanceMessageOf(executor, instance, spec);
    if (!message.ok()) return message.status();
    if (tokens_) {
      const core::InstanceInfo& info = message->instance;
      message->instance_auth_token =
          tokens_->Mint({info.app_id, info.instance_id, info.executor_id});
    }
    return Post(executor, json(*message));
  }
  core::Status StopInstance(const ExecutorAddress& executor, const std::string& app_id,
                            const std::string& instance_id) override {
    return Post(executor, json(core::StopInstanceMessage{app_id, instance_id}));
  }
  core::Status StartTask(const ExecutorAddress& executor, const core::TaskInfo& task,
                         const json& spec) override {
    auto message = StartTaskMessageOf(executor, task, spec);
    return message.ok() ? Post(executor, json(*message)) : message.status();
  }
  core::Status StopTask(const ExecutorAddress& executor, const std::string& source_app,
                        const std::string& task_id, const std::string& instance_id) override {
    return Post(executor, json(core::StopTaskMessage{source_app, task_id, instance_id}));
  }

 private:
  core::Status Post(const ExecutorAddress& executor, const json& message) {
    core::HttpTarget target = ExecutorTarget(executor, tls_);
    core::HttpRequest request;
    request.method = "POST";
    request.target = "/apis/v1/messages";
    request.headers = {{"Content-Type", "application/json"},
                       {"Cluster-Authorization", secret_},
                       {"NodeId", node_id_}};
    request.body = message.dump();
    auto response = core::HttpClient::Send(target, request, timeout_);
    if (!response.ok()) {
      return core::Status::Error("executor " + executor.executor_id + " unreachable: " +
                                 response.error());
    }
    if (response->status != 200) {
      return core::Status::Error("executor " + executor.executor_id + " answered " +
                                 std::to_string(response->status) + ": " +
                                 response->body.substr(0, 200));
    }
    return core::Status::Ok();
  }

  const std::string secret_;
  const std::string node_id_;
  const std::chrono::milliseconds timeout_;
  const std::shared_ptr<const InstanceTokenManager> tokens_;
  const core::TlsConfig tls_;
};

}  // namespace

core::HttpTarget ExecutorTarget(const ExecutorAddress& executor, const core::TlsConfig& tls) {
  core::HttpTarget target{executor.host, executor.port, ""};
  target.tls = executor.tls;
  core::ApplyTlsConfig(tls, &target);
  return target;
}

std::unique_ptr<ExecutorClient> MakeHttpExecutorClient(
    std::string controller_secret, std::string node_id, std::chrono::milliseconds timeout,
    std::shared_ptr<const InstanceTokenManager> tokens, core::TlsConfig tls) {
  return std::make_unique<HttpExecutorClient>(std::move(controller_secret), std::move(node_id),
                                              timeout, std::move(tokens), std::move(tls));
}

}  // namespace drove::controller
