// Write-through repository of topologies and runs over store::StateStore.
#include "orchestrator/epoch/store/epoch_repository.h"

#include <algorithm>

#include "orchestrator/core/util/log.h"

namespace drove::epoch {
namespace {

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

core::Result<Json> ParseStored(const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) return core::Status::Error("stored record is not JSON");
  return json;
}

}  // namespace

EpochRepository::EpochRepository(std::unique_ptr<store::StateStore> store)
    : store_(std::move(store)) {}

core::Status EpochRepository::Load() {
  auto topologies = store_->LoadAll(kTopologyKind);
  if (!topologies.ok()) return topologies.status();
  auto runs = store_->LoadAll(kRunKind);
  if (!runs.ok()) return runs.status();
  std::map<std::string, EpochTopologyDetails> loaded_topologies;
  std::map<std::string, std::map<std::string, RunInfo>> loaded_runs;
  for (const auto& [key, text] : *topologies) {
    auto json = ParseStored(text);
    auto details =
        json.ok() ? ParseTopologyDetails(*json) : core::Result<EpochTopologyDetails>(json.status());
    if (!details.ok()) {
      DLOG_ERROR("skipping unreadable topology record", {{"key", key}, {"error", details.error()}});
      continue;
    }
    loaded_topologies[details->id] = *details;
  }
  for (const auto& [key, text] : *runs) {
    auto json = ParseStored(text);
    auto run = json.ok() ? ParseRunInfo(*json) : core::Result<RunInfo>(json.status());
    if (!run.ok()) {
      DLOG_ERROR("skipping unreadable run record", {{"key", key}, {"error", run.error()}});
      continue;
    }
    loaded_runs[run->topology_id][run->run_id] = *run;
  }
  // Replaced, not merged: a node that leads again must forget what the others changed meanwhile.
  std::lock_guard lock(mu_);
  topologies_ = std::move(loaded_topologies);
  runs_ = std::move(loaded_runs);
  return core::Status::Ok();
}

std::optional<EpochTopologyDetails> EpochRepository::Topology(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = topologies_.find(id);
  if (it == topologies_.end()) return std::nullopt;
  return it->second;
}

std::vector<EpochTopologyDetails> EpochRepository::Topologies() const {
  std::lock_guard lock(mu_);
  std::vector<EpochTopologyDetails> out;
  for (const auto& [id, details] : topologies_) out.push_back(details);
  return out;
}

core::Result<bool> EpochRepository::CreateTopology(const EpochTopologyDetails& details) {
  std::lock_guard lock(mu_);
  if (topologies_.count(details.id)) return false;
  auto st = store_->Put(kTopologyKind, "", details.id, Dump(ToJson(details)));
  if (!st.ok()) return st;
  topologies_[details.id] = details;
  return true;
}

core::Status EpochRepository::UpdateTopology(const EpochTopologyDetails& details) {
  std::lock_guard lock(mu_);
  if (!topologies_.count(details.id)) {
    return core::Status::Error(core::StatusCode::kNotFound, "no topology " + details.id);
  }
  auto st = store_->Put(kTopologyKind, "", details.id, Dump(ToJson(details)));
  if (!st.ok()) return st;
  topologies_[details.id] = details;
  return core::Status::Ok();
}

core::Status EpochRepository::DeleteTopology(const std::string& id) {
  std::lock_guard lock(mu_);
  std::vector<store::StoreWrite> writes{{kTopologyKind, "", id, ""}};
  if (auto it = runs_.find(id); it != runs_.end()) {
    for (const auto& [run_id, run] : it->second) writes.push_back({kRunKind, id, run_id, ""});
  }
  auto st = store::ApplyInBatches(*store_, writes);
  if (!st.ok()) return st;
  topologies_.erase(id);
  runs_.erase(id);
  return core::Status::Ok();
}

std::optional<RunInfo> EpochRepository::Run(const std::string& topology_id,
                                            const std::string& run_id) const {
  std::lock_guard lock(mu_);
  auto it = runs_.find(topology_id);
  if (it == runs_.end()) return std::nullopt;
  auto run = it->second.find(run_id);
  if (run == it->second.end()) return std::nullopt;
  return run->second;
}

std::vector<RunInfo> EpochRepository::Runs(const std::string& topology_id) const {
  std::vector<RunInfo> out;
  {
    std::lock_guard lock(mu_);
    auto it = runs_.find(topology_id);
    if (it == runs_.end()) return out;
    for (const auto& [id, run] : it->second) out.push_back(run);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RunInfo& a, const RunInfo& b) { return a.updated > b.updated; });
  return out;
}

std::vector<RunInfo> EpochRepository::RunsInState(RunState state) const {
  std::lock_guard lock(mu_);
  std::vector<RunInfo> out;
  for (const auto& [topology, runs] : runs_) {
    for (const auto& [id, run] : runs) {
      if (run.state == state) out.push_back(run);
    }
  }
  return out;
}

core::Status EpochRepository::SaveRun(const RunInfo& run) {
  std::lock_guard lock(mu_);
  if (!topologies_.count(run.topology_id)) {
    return core::Status::Error(core::StatusCode::kNotFound, "no topology " + run.topology_id);
  }
  auto st = store_->Put(kRunKind, run.topology_id, run.run_id, Dump(ToJson(run)));
  if (!st.ok()) return st;
  runs_[run.topology_id][run.run_id] = run;
  return core::Status::Ok();
}

core::Status EpochRepository::DeleteRuns(const std::string& topology_id,
                                         const std::vector<std::string>& run_ids) {
  std::lock_guard lock(mu_);
  std::vector<store::StoreWrite> writes;
  for (const auto& id : run_ids) writes.push_back({kRunKind, topology_id, id, ""});
  auto st = store::ApplyInBatches(*store_, writes);
  if (!st.ok()) return st;
  auto it = runs_.find(topology_id);
  if (it != runs_.end()) {
    for (const auto& id : run_ids) it->second.erase(id);
  }
  return core::Status::Ok();
}

}  // namespace drove::epoch
