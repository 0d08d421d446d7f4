// Who leads the controllers: the seam between the controller core and its coordination service.
//
// A controller campaigns at start and keeps campaigning for as long as it runs. The election calls
// `elected` when this node becomes leader (the core then loads the model and starts acting) and
// `lost` when it must stop acting at once (session expired, or cut off from the coordination
// service for longer than a deposed leader could still believe it leads). After `lost` the
// election campaigns again on its own; `elected` may follow again later.
//
// Callbacks run on the election's own thread, never on a ZooKeeper completion thread, so they may
// block and call the store synchronously; they are never run concurrently with each other.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::coordination {

class ZookeeperSession;

struct LeadershipEvents {
  std::function<void()> elected;
  std::function<void(const std::string& reason)> lost;
};

class LeaderElection {
 public:
  virtual ~LeaderElection() = default;

  // Starts campaigning in the background; an error only for a setup problem (bad namespace...).
  virtual core::Status Start(LeadershipEvents events) = 0;
  // Resigns (leadership passes on at once) and stops campaigning; idempotent.
  virtual void Stop() = 0;
  // True while this node holds leadership and can prove it now (connected to the coordination
  // service). The engine checks it before every action it sends to executors.
  virtual bool IsLeader() const = 0;
  // The leader's node id ("host:port"), "" while nobody is known to lead.
  virtual std::string Leader() const = 0;
  // The node ids of every controller campaigning, in election order (the leader first), as this
  // node last saw them: the operator UI's controller list. Never asks the coordination service.
  virtual std::vector<std::string> Candidates() const = 0;
};

// A controller alone: elected at Start, never loses (the SQLite store's mode).
std::unique_ptr<LeaderElection> MakeSingleNodeElection(std::string node_id);

// Curator LeaderSelector-compatible election: ephemeral sequential `_c_<uuid>-lock-<seq>` nodes
// under {namespace}/leaderselection holding node_id; the lowest leads. Leadership is a lease
// renewed by a round trip every session_timeout/4 and valid for session_timeout/2, so a paused or
// cut-off leader stops claiming it before its session can expire. While leading, the session's
// fence() holds this node's path, which the ZooKeeper store checks in every write.
// `folder` is relative to the namespace: drove-epoch campaigns under "/leader-selection", as Epoch.
std::unique_ptr<LeaderElection> MakeZookeeperElection(std::shared_ptr<ZookeeperSession> session,
                                                      std::string node_id,
                                                      std::string folder = "/leaderselection");

}  // namespace drove::coordination
