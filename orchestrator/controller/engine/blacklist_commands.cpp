// The blacklist and unblacklist API commands: executor state changes (stored first) and Drove's
// BlacklistOperationResponse.
#include <algorithm>

#include "orchestrator/controller/engine/blacklisting.h"
#include "orchestrator/controller/model/cluster_texts.h"
#include "orchestrator/core/model/summaries.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using core::ExecutorState;

// How long moving everything off `executor_ids` may take: the longest of the apps' replaces.
int64_t ApproxCompletionMs(const ModelState& s, const std::set<std::string>& executor_ids,
                           const MoveOptions& options) {
  int64_t longest = 0;
  for (const auto& [app_id, ids] : InstancesOn(s, executor_ids)) {
    longest = std::max(longest, MoveTimeoutMs(ids.size(), options));
  }
  return longest;
}

// Applies `state` to each id (deduplicated) unless `refuse` says no; fills successful/failed.
template <typename Refuse>
void ApplyState(ModelState& s, const std::vector<std::string>& executor_ids, ExecutorState state,
                Refuse refuse, core::BlacklistOperationResponse* out) {
  for (const auto& id : std::set<std::string>(executor_ids.begin(), executor_ids.end())) {
    auto it = s.executors().find(id);
    if (it == s.executors().end() && state == ExecutorState::kActive && s.ClearOffDuty(id).ok()) {
      out->successful.push_back(id);  // removed while blacklisted: it returns ACTIVE
      continue;
    }
    if (it == s.executors().end() || refuse(it->second)) {
      out->failed.push_back(id);
      continue;
    }
    if (auto st = s.SetExecutorState(id, state); !st.ok()) {
      DLOG_ERROR("executor state not changed", {{"executorId", id},
                                                {"state", std::string(core::ToString(state))},
                                                {"error", st.message()}});
      out->failed.push_back(id);
      continue;
    }
    out->successful.push_back(id);
  }
}

}  // namespace

nlohmann::json BlacklistExecutors(ModelState& s, const std::vector<std::string>& executor_ids,
                                  const MoveOptions& options) {
  core::BlacklistOperationResponse response;
  ApplyState(
      s, executor_ids, ExecutorState::kBlacklistRequested,
      [](const ExecutorRecord& e) { return e.state == ExecutorState::kBlacklisted; }, &response);
  if (response.successful.empty()) {
    response.message = texts::kBlacklistNoneApplied;
  } else {
    const std::set<std::string> moved(response.successful.begin(), response.successful.end());
    response.approx_completion_time_ms = ApproxCompletionMs(s, moved, options);
    response.message = texts::kBlacklistScheduled;
  }
  return response;
}

nlohmann::json UnblacklistExecutors(ModelState& s, const std::vector<std::string>& executor_ids) {
  core::BlacklistOperationResponse response;
  ApplyState(
      s, executor_ids, ExecutorState::kActive, [](const ExecutorRecord&) { return false; },
      &response);
  response.message = response.failed.empty() ? texts::kUnblacklistAll : texts::kUnblacklistSome;
  return response;
}

}  // namespace drove::controller
