// The blacklist mover: replaces app instances away from BLACKLIST_REQUESTED executors, one
// start-first REPLACE_INSTANCES per app (all requested executors in one batch), then marks each
// emptied executor BLACKLISTED.
#include <algorithm>

#include "orchestrator/controller/engine/blacklisting.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

std::set<std::string> RequestedExecutors(const ModelState& s) {
  std::set<std::string> out;
  for (const auto& [id, executor] : s.executors()) {
    if (executor.state == core::ExecutorState::kBlacklistRequested) out.insert(id);
  }
  return out;
}

// Executors of `requested` with no ACTIVE app instance left.
std::set<std::string> EmptiedExecutors(const ModelState& s, std::set<std::string> requested) {
  for (const auto& [app_id, of_app] : s.instances()) {
    for (const auto& [id, info] : of_app) {
      if (core::IsActive(info.state)) requested.erase(info.executor_id);
    }
  }
  return requested;
}

// The app's current operation, whatever it is, ends first: the next tick looks again.
void StartMove(ModelState& s, const std::string& app_id, const std::vector<std::string>& ids,
               const MoveOptions& options) {
  const AppRecord* app = s.FindApp(app_id);
  if (app == nullptr || s.FindOperation(app_id) != nullptr ||
      app->state != core::ApplicationState::kRunning) {
    return;
  }
  OperationRecord op;
  op.app_id = app_id;
  op.kind = OpKind::kReplaceInstances;
  op.source_type = "BLACKLIST";
  op.instance_ids = ids;
  op.stop_first = false;  // a new instance is HEALTHY elsewhere before an old one stops
  op.parallelism = std::max(1, options.parallelism);
  op.timeout_ms = MoveTimeoutMs(ids.size(), options);
  op.started = s.Now();
  AppRecord next = *app;
  next.state = core::ApplicationState::kReplaceInstancesRequested;
  next.updated = op.started;
  if (auto st = s.SaveApp(next, &op, false); !st.ok()) {
    DLOG_ERROR("cannot start blacklist move", {{"appId", app_id}, {"error", st.message()}});
    return;
  }
  DLOG_INFO("moving instances off blacklisted executors",
            {{"appId", app_id}, {"instances", std::to_string(ids.size())}});
}

}  // namespace

std::map<std::string, std::vector<std::string>> InstancesOn(
    const ModelState& s, const std::set<std::string>& executor_ids) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [app_id, of_app] : s.instances()) {
    for (const auto& [id, info] : of_app) {
      if (core::IsActive(info.state) && executor_ids.contains(info.executor_id)) {
        out[app_id].push_back(id);
      }
    }
  }
  return out;
}

int64_t MoveTimeoutMs(size_t count, const MoveOptions& options) {
  const size_t parallelism = static_cast<size_t>(std::max(1, options.parallelism));
  const size_t waves = std::max<size_t>(1, (count + parallelism - 1) / parallelism);
  return static_cast<int64_t>(waves) * options.timeout_ms;
}

void MoveOffBlacklisted(ModelState& s, const MoveOptions& options, bool paused) {
  const std::set<std::string> requested = RequestedExecutors(s);
  if (requested.empty()) return;
  for (const auto& id : EmptiedExecutors(s, requested)) {
    if (auto st = s.SetExecutorState(id, core::ExecutorState::kBlacklisted); !st.ok()) {
      DLOG_ERROR("cannot mark executor blacklisted", {{"executorId", id}, {"error", st.message()}});
    }
  }
  if (paused) return;  // maintenance: nothing new is started until the window ends
  for (const auto& [app_id, ids] : InstancesOn(s, requested)) StartMove(s, app_id, ids, options);
}

}  // namespace drove::controller
