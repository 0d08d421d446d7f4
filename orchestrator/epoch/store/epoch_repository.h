// Topologies and runs: kept in memory for reads, every change written through the StateStore
// (SQLite, or ZooKeeper fenced by the leader's election node) first. Owner of the maps: this
// class, under mu_; safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/model/run_info.h"
#include "orchestrator/epoch/model/topology.h"
#include "orchestrator/store/state_store.h"

namespace drove::epoch {

// Store kinds: a topology by its id, a run under its topology (parent topologyId, id runId), as
// Epoch's /epoch/topologies/<id> and /epoch/runs/<id>/<runId>.
inline constexpr const char* kTopologyKind = "epoch_topology";
inline constexpr const char* kRunKind = "epoch_run";
// Their ZooKeeper folders under the namespace (store::KindLayout), as Epoch's.
inline constexpr const char* kTopologyFolder = "topologies";
inline constexpr const char* kRunFolder = "runs";

class EpochRepository {
 public:
  explicit EpochRepository(std::unique_ptr<store::StateStore> store);

  // Reads every record and replaces what is in memory (a new leader's view); a record that does
  // not parse is logged and skipped. On an error memory is left as it was.
  core::Status Load();

  std::optional<EpochTopologyDetails> Topology(const std::string& id) const;
  std::vector<EpochTopologyDetails> Topologies() const;
  // Stores a new topology; false (nothing written) when one with that id exists.
  core::Result<bool> CreateTopology(const EpochTopologyDetails& details);
  // Replaces an existing topology; kNotFound when it is gone.
  core::Status UpdateTopology(const EpochTopologyDetails& details);
  // Removes the topology and all its runs (unknown ids are fine: Epoch answers true).
  core::Status DeleteTopology(const std::string& id);

  std::optional<RunInfo> Run(const std::string& topology_id, const std::string& run_id) const;
  // The runs of a topology, newest `updated` first.
  std::vector<RunInfo> Runs(const std::string& topology_id) const;
  // Every run in `state`, of every topology.
  std::vector<RunInfo> RunsInState(RunState state) const;
  // Writes a run; kNotFound (nothing written) when its topology no longer exists, so a run that
  // outlives a delete leaves no orphan record.
  core::Status SaveRun(const RunInfo& run);
  core::Status DeleteRuns(const std::string& topology_id, const std::vector<std::string>& run_ids);

 private:
  std::unique_ptr<store::StateStore> store_;
  mutable std::mutex mu_;
  std::map<std::string, EpochTopologyDetails> topologies_;
  std::map<std::string, std::map<std::string, RunInfo>> runs_;  // topologyId -> runId -> run
};

}  // namespace drove::epoch
