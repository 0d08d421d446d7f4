// What a controller stands on, chosen by its config: the SQLite store alone (one controller), or
// a ZooKeeper session shared by the store and the leader election (several controllers).
#pragma once

#include <memory>
#include <string>

#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/coordination/leader_election.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/store/state_store.h"

namespace drove::controller {

struct Coordination {
  std::unique_ptr<store::StateStore> store;
  std::unique_ptr<coordination::LeaderElection> election;  // null: a single controller
};

// Opens the store (and, for ZooKeeper, the session and election) named by `config`. The error is
// one line that names the file or ensemble, for the controller to print before it exits.
core::Result<Coordination> OpenCoordination(const ControllerConfig& config,
                                            const std::string& node_id);

}  // namespace drove::controller
