// drove-epoch on ZooKeeper: the session, the store in Epoch's layout (/<nameSpace>/topologies/<id>,
// /<nameSpace>/runs/<id>/<runId>) and Curator-style leader election under
// /<nameSpace>/leader-selection, all on the controller's coordination code.
//
// The leader is the only node that schedules and answers the API; its store writes are fenced by
// its election node, so a deposed leader cannot write. On winning, a node loads everything from
// ZooKeeper and recovers the scheduler (RUNNING runs resumed under their ids, next fires planned);
// only then does it serve. On losing, it stops serving and scheduling at once.
//
// Owner: the election's thread runs OnElected/OnLost (never concurrently); serving_ is read by the
// API's loop thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "orchestrator/coordination/leader_election.h"
#include "orchestrator/coordination/zookeeper_session.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/api/leader_proxy.h"
#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"
#include "orchestrator/epoch/store/epoch_repository.h"
#include "orchestrator/store/state_store.h"

namespace drove::epoch {

// Epoch's election folder under the namespace (Curator LeaderSelector's lock nodes).
inline constexpr const char* kLeaderSelectionFolder = "/leader-selection";
// The root znode's data, so a namespace of another daemon is never taken over.
inline constexpr const char* kEpochNamespaceMarker = "epoch";

class ZookeeperLeadership : public api::Leadership {
 public:
  // Connects (waiting up to connectTimeout) and opens the store. The error is one line naming
  // the connection string.
  static core::Result<std::unique_ptr<ZookeeperLeadership>> Open(const ZookeeperSettings& settings,
                                                                 std::string node_id);
  ~ZookeeperLeadership() override;

  // The ZooKeeper store, once: the repository owns it.
  std::unique_ptr<store::StateStore> TakeStore() { return std::move(store_); }
  // Campaigns in the background; the scheduler must be deactivated until this node leads.
  core::Status Start(EpochRepository& repository, SchedulerCore& scheduler);
  // Resigns (another node takes over at once) and stops scheduling; idempotent.
  void Stop();

  bool Serving() const override { return serving_; }
  std::string LeaderUrl() const override { return election_->Leader(); }
  std::chrono::milliseconds session_timeout() const { return session_->session_timeout(); }
  bool Connected() const { return session_->handle()->connected(); }

 private:
  ZookeeperLeadership(std::shared_ptr<coordination::ZookeeperSession> session,
                      std::unique_ptr<store::StateStore> store, std::string node_id);
  void OnElected();
  void OnLost(const std::string& reason);

  const std::string node_id_;
  std::shared_ptr<coordination::ZookeeperSession> session_;
  std::unique_ptr<store::StateStore> store_;
  std::unique_ptr<coordination::LeaderElection> election_;
  EpochRepository* repository_ = nullptr;
  SchedulerCore* scheduler_ = nullptr;
  std::atomic<bool> serving_{false};
};

}  // namespace drove::epoch
