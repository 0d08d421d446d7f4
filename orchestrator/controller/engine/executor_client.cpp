// HTTP implementation of ExecutorClient over the blocking core::HttpClient.
#include "orchestrator/controller/engine/executor_client.h"

#include <utility>

#include "orchestrator/core/net/http_client.h"

namespace drove::controller {
namespace {

using nlohmann::json;

class HttpExecutorClient : public ExecutorClient {
 public:
  HttpExecutorClient(std::string secret, std::string node_id, std::chrono::milliseconds timeout)
      : secret_(std::move(secret)), node_id_(std::move(node_id)), timeout_(timeout) {}

  core::Status StartInstance(const ExecutorAddress& executor, const json& instance,
                             const json& spec) override {
    return Post(executor, json{{"type", "START_INSTANCE"}, {"instance", instance}, {"spec", spec},
                               {"executorState", executor.executor_state}});
  }
  core::Status StopInstance(const ExecutorAddress& executor, const std::string& app_id,
                            const std::string& instance_id) override {
    return Post(executor,
                json{{"type", "STOP_INSTANCE"}, {"appId", app_id}, {"instanceId", instance_id}});
  }
  core::Status StartTask(const ExecutorAddress& executor, const json& task,
                         const json& spec) override {
    return Post(executor, json{{"type", "START_TASK"}, {"task", task}, {"spec", spec},
                               {"executorState", executor.executor_state}});
  }
  core::Status StopTask(const ExecutorAddress& executor, const std::string& source_app,
                        const std::string& task_id, const std::string& instance_id) override {
    return Post(executor, json{{"type", "STOP_TASK"},
                               {"sourceAppName", source_app},
                               {"taskId", task_id},
                               {"instanceId", instance_id}});
  }

 private:
  core::Status Post(const ExecutorAddress& executor, const json& message) {
    core::HttpTarget target{executor.host, executor.port, ""};
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
};

}  // namespace

std::unique_ptr<ExecutorClient> MakeHttpExecutorClient(std::string controller_secret,
                                                       std::string node_id,
                                                       std::chrono::milliseconds timeout) {
  return std::make_unique<HttpExecutorClient>(std::move(controller_secret), std::move(node_id),
                                              timeout);
}

}  // namespace drove::controller
