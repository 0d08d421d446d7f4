// The single-controller election: this node leads from Start to Stop.
#include <atomic>
#include <utility>
#include <vector>

#include "orchestrator/coordination/leader_election.h"

namespace drove::coordination {
namespace {

class SingleNodeElection : public LeaderElection {
 public:
  explicit SingleNodeElection(std::string node_id) : node_id_(std::move(node_id)) {}

  core::Status Start(LeadershipEvents events) override {
    leader_ = true;
    if (events.elected) events.elected();
    return core::Status::Ok();
  }
  void Stop() override { leader_ = false; }
  bool IsLeader() const override { return leader_; }
  std::string Leader() const override { return leader_ ? node_id_ : ""; }
  std::vector<std::string> Candidates() const override { return {node_id_}; }

 private:
  const std::string node_id_;
  std::atomic<bool> leader_{false};
};

}  // namespace

std::unique_ptr<LeaderElection> MakeSingleNodeElection(std::string node_id) {
  return std::make_unique<SingleNodeElection>(std::move(node_id));
}

}  // namespace drove::coordination
