// The controllers' shared StateStore on ZooKeeper, in Drove's layout under the session's namespace:
//   kApp /applications/{appId}              kInstance /instances/{appId}/{instanceId}
//   kTask /tasks/{sourceAppName}/{id}       kOperation /operations/{appId}
//   kCluster /cluster/{id}                  kExecutor /executors/{id}
//   kMeta /meta/{id}                        kLocalService /localservices/{id}
// Every Apply is one zoo_multi fenced by the leader's election node (session->fence()): a
// controller that does not lead, or no longer leads, gets kFenced and nothing changes.
//
// Namespace ownership: the root node's data is the marker "drove". Open refuses a root whose data
// is another non-empty value, or which holds children outside the layout above (plus
// /leaderselection); an unmarked root holding only those (e.g. made by Drove's Java controller)
// is claimed by writing the marker.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orchestrator/coordination/zookeeper_session.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/store/state_store.h"
#include "orchestrator/store/zookeeper_plan.h"

namespace drove::store {

inline constexpr const char* kZookeeperNamespaceMarker = "drove";

// Whose namespace it is: the kinds and folders, the root's marker, and the other children the
// owner keeps there (its election folder). The default is the controllers'.
struct ZookeeperStoreLayout {
  std::vector<KindLayout> kinds = ZookeeperLayout();
  std::string marker = kZookeeperNamespaceMarker;
  std::vector<std::string> other_children = {"leaderselection"};
};

core::Result<std::unique_ptr<StateStore>> OpenZookeeperStore(
    std::shared_ptr<coordination::ZookeeperSession> session);
// Another daemon's store on the same code (drove-epoch: topologies and runs, marker "epoch").
core::Result<std::unique_ptr<StateStore>> OpenZookeeperStore(
    std::shared_ptr<coordination::ZookeeperSession> session, ZookeeperStoreLayout layout);

}  // namespace drove::store
