// LeaderGatedClient: forwards each message only while may_act() holds.
#include "orchestrator/controller/engine/leader_gated_client.h"

#include <utility>

namespace drove::controller {
namespace {

using nlohmann::json;

class LeaderGatedClient : public ExecutorClient {
 public:
  LeaderGatedClient(std::unique_ptr<ExecutorClient> inner, std::function<bool()> may_act)
      : inner_(std::move(inner)), may_act_(std::move(may_act)) {}

  core::Status StartInstance(const ExecutorAddress& executor, const core::InstanceInfo& instance,
                             const json& spec) override {
    if (!may_act_()) return NotLeading();
    return inner_->StartInstance(executor, instance, spec);
  }
  core::Status StopInstance(const ExecutorAddress& executor, const std::string& app_id,
                            const std::string& instance_id) override {
    if (!may_act_()) return NotLeading();
    return inner_->StopInstance(executor, app_id, instance_id);
  }
  core::Status StartTask(const ExecutorAddress& executor, const core::TaskInfo& task,
                         const json& spec) override {
    if (!may_act_()) return NotLeading();
    return inner_->StartTask(executor, task, spec);
  }
  core::Status StopTask(const ExecutorAddress& executor, const std::string& source_app,
                        const std::string& task_id, const std::string& instance_id) override {
    if (!may_act_()) return NotLeading();
    return inner_->StopTask(executor, source_app, task_id, instance_id);
  }

 private:
  static core::Status NotLeading() {
    return core::Status::Error(core::StatusCode::kFenced, "not the leader: message not sent");
  }

  std::unique_ptr<ExecutorClient> inner_;
  std::function<bool()> may_act_;
};

}  // namespace

std::unique_ptr<ExecutorClient> MakeLeaderGatedClient(std::unique_ptr<ExecutorClient> inner,
                                                      std::function<bool()> may_act) {
  return std::make_unique<LeaderGatedClient>(std::move(inner), std::move(may_act));
}

}  // namespace drove::controller
