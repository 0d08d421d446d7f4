// Scheduler: bounded candidate scan (exhaustive when it finds nothing), ranking, allocation.
#include "orchestrator/scheduler/scheduler.h"

#include <utility>

#include "orchestrator/scheduler/ranking.h"

namespace drove::scheduler {
namespace {

constexpr size_t kMaxExplainedRejections = 20;

std::string CoreList(const std::vector<CoreId>& cores) {
  std::string out = "[";
  for (size_t i = 0; i < cores.size(); ++i) out += (i ? "," : "") + std::to_string(cores[i]);
  return out + "]";
}

std::string InvalidRequestReason(const PlacementRequest& request) {
  if (request.cores < 0) return "invalid request: cores must be >= 0";
  if (request.memory_mb < 0) return "invalid request: memory must be >= 0";
  return "";
}

// The allocation on `executor` (feasible for `request`): best-fit node, lowest free cores.
Allocation AllocateOn(const ExecutorView& executor, const PlacementRequest& request,
                      const std::vector<NumaNodeId>& fitting) {
  const NumaNodeId node = ChooseNode(executor, fitting);
  return Allocation{executor.executor_id, request.app_id, node,
                    ChooseCores(executor.nodes.at(node), request.cores), request.memory_mb};
}

}  // namespace

std::string Decision::Explain() const {
  if (allocation) {
    return "placed on " + allocation->executor_id + " node " + std::to_string(allocation->node_id) +
           " cores " + CoreList(allocation->cores) + " " + std::to_string(allocation->memory_mb) +
           " MB";
  }
  std::string out = "no executor fits: " + std::to_string(executors_checked) +
                    (executors_checked == 1 ? " executor" : " executors") + " checked";
  for (size_t i = 0; i < rejections.size() && i < kMaxExplainedRejections; ++i) {
    out += "; " + rejections[i].executor_id + ": " + rejections[i].reason;
  }
  if (rejections.size() > kMaxExplainedRejections) {
    out += "; and " + std::to_string(rejections.size() - kMaxExplainedRejections) + " more";
  }
  return out;
}

Decision Scheduler::Evaluate(const PlacementRequest& request) const {
  // Small clusters (no more executors than the limit) are scanned exhaustively: the same
  // choice the bounded scan would make, plus every rejection with its reason.
  const bool small = candidate_limit_ != 0 && view_.executors().size() <= candidate_limit_;
  if (small || !InvalidRequestReason(request).empty()) return EvaluateExhaustive(request);
  const core::PlacementPolicy effective = EffectivePolicy(request.policy);
  const ScanResult scan = ScanCandidates(view_, request, effective, rules_, candidate_limit_);
  if (scan.best == nullptr) return EvaluateExhaustive(request);
  Decision decision;
  decision.executors_checked = scan.checked;
  decision.allocation =
      AllocateOn(*scan.best, request, CheckFit(*scan.best, request.cores, request.memory_mb).nodes);
  return decision;
}

Decision Scheduler::EvaluateExhaustive(const PlacementRequest& request) const {
  Decision decision;
  if (auto invalid = InvalidRequestReason(request); !invalid.empty()) {
    decision.rejections.push_back({"*", std::move(invalid)});
    return decision;
  }
  const core::PlacementPolicy effective = EffectivePolicy(request.policy);
  const ExecutorView* best = nullptr;
  std::vector<NumaNodeId> best_nodes;
  RankKey best_key;
  const RuleScope scope{&view_, &request.app_env};
  for (const auto& [id, executor] : view_.executors()) {
    if (request.executor_id && *request.executor_id != id) continue;
    ++decision.executors_checked;
    Feasibility feasibility = CheckExecutor(executor, request, effective, rules_, scope);
    if (!feasibility.feasible) {
      decision.rejections.push_back({id, std::move(feasibility.reason)});
      continue;
    }
    RankKey key = MakeRankKey(executor, request.app_id);
    if (best == nullptr || key < best_key) {
      best = &executor;
      best_key = key;
      best_nodes = std::move(feasibility.nodes);
    }
  }
  if (best != nullptr) decision.allocation = AllocateOn(*best, request, best_nodes);
  return decision;
}

Decision Scheduler::Place(const PlacementRequest& request) {
  Decision decision = Evaluate(request);
  if (!decision.placed()) return decision;
  core::Status status = view_.Reserve(*decision.allocation);
  if (!status.ok()) {  // cannot happen: Evaluate chose free resources; keep it visible if it does
    decision.rejections.push_back(
        {decision.allocation->executor_id, "internal: reserve failed: " + status.message()});
    decision.allocation.reset();
  }
  return decision;
}

CapacityCheck Scheduler::CanPlace(const PlacementRequest& request, int count) {
  CapacityCheck check;
  check.requested = count;
  std::vector<Allocation> tentative;
  for (int i = 0; i < count; ++i) {
    Decision decision = Place(request);
    if (!decision.placed()) {
      check.explanation = "only " + std::to_string(i) + " of " + std::to_string(count) +
                          " instances fit: " + decision.Explain();
      break;
    }
    tentative.push_back(std::move(*decision.allocation));
  }
  check.placeable = static_cast<int>(tentative.size());
  for (auto it = tentative.rbegin(); it != tentative.rend(); ++it) {
    core::Status status = view_.Release(*it);
    if (!status.ok()) check.explanation += "; internal: rollback failed: " + status.message();
  }
  return check;
}

}  // namespace drove::scheduler
