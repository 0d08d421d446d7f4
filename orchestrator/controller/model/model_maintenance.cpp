// ModelState: the cluster's maintenance state (Drove's ClusterStateData), stored so that a new
// leader keeps it, and the window after each change in which the cluster is left alone.
#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {

void ModelState::LoadClusterState(const std::map<std::string, std::string>& records) {
  auto it = records.find(kMaintenanceRecordId);
  if (it == records.end()) return;
  nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
  auto state = core::ParseEnum<core::ClusterState>(StrField(j, "state"));
  if (!state) {
    // Leading without the flag beats not leading at all; the operator can set it again.
    DLOG_ERROR("stored cluster state unreadable, NORMAL assumed", {{"record", it->second}});
    return;
  }
  cluster_state_ = core::ClusterStateData{*state, IntField(j, "updated")};
}

core::Status ModelState::SetClusterState(core::ClusterState state) {
  core::ClusterStateData next{state, Now()};
  nlohmann::json j = next;
  if (auto st = Stage({{store::kCluster, "", kMaintenanceRecordId, j.dump()}}); !st.ok()) {
    return st;
  }
  cluster_state_ = next;
  DLOG_INFO("cluster state", {{"state", std::string(core::ToString(state))}});
  return core::Status::Ok();
}

bool ModelState::InMaintenanceWindow(int64_t settle_ms) const {
  return cluster_state_.state == core::ClusterState::kMaintenance ||
         Now() < cluster_state_.updated + settle_ms;
}

}  // namespace drove::controller
