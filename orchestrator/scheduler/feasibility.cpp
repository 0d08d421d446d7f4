// Feasibility checks: executor state, placement policy (recursive for COMPOSITE) and NUMA fit.
#include "orchestrator/scheduler/feasibility.h"

#include <algorithm>
#include <utility>

namespace drove::scheduler {
namespace {

using core::PlacementCombiner;
using core::PlacementPolicy;
using core::PlacementPolicyType;

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

std::optional<std::string> CheckPerHost(const ExecutorView& executor, const std::string& app_id,
                                        int64_t max, const char* name) {
  const int count = executor.InstancesOf(app_id);
  if (count < max) return std::nullopt;
  if (max == 1) return std::string(name) + " already has an instance of app " + app_id;
  return std::string(name) + " already has " + std::to_string(count) + " instances of app " +
         app_id + " (max " + std::to_string(max) + ")";
}

std::optional<std::string> CheckRule(const PlacementPolicy& policy, const ExecutorView& executor,
                                     const std::string& app_id, const RuleEvaluator* rules,
                                     const RuleScope& scope) {
  if (rules == nullptr) return "RULE_BASED rules are not supported yet";
  const std::string rule = policy.rule.value_or("");
  auto admits = rules->Evaluate(RuleQuery{
      rule, policy.rule_type.value_or(core::PlacementRuleType::kHope), executor, app_id, scope});
  if (!admits.ok()) return "RULE_BASED rule failed: " + admits.error();
  if (!*admits) return "RULE_BASED rule rejects this executor";
  return std::nullopt;
}

std::optional<std::string> CheckComposite(const PlacementPolicy& policy,
                                          const ExecutorView& executor, const std::string& app_id,
                                          const RuleEvaluator* rules, const RuleScope& scope) {
  const bool is_or = core::EffectiveCombiner(policy) == PlacementCombiner::kOr;
  std::vector<std::string> reasons;
  for (const auto& child : policy.policies) {
    auto reason = CheckPolicy(child, executor, app_id, rules, scope);
    if (!reason && is_or) return std::nullopt;
    if (reason && !is_or) return reason;
    if (reason) reasons.push_back(*reason);
  }
  if (!is_or) return std::nullopt;
  return "no OR alternative admits it (" + Join(reasons, "; ") + ")";
}

// Largest free memory among nodes that have at least `cores` free cores.
int64_t LargestMemoryWithCores(const ExecutorView& executor, int64_t cores) {
  int64_t best = 0;
  for (const auto& [id, node] : executor.nodes) {
    if (static_cast<int64_t>(node.free_cores.size()) >= cores) best = std::max(best, node.free_mb);
  }
  return best;
}

}  // namespace

PlacementPolicy EffectivePolicy(const PlacementPolicy& policy) {
  if (core::ContainsTagOrRulePolicy(policy)) return policy;
  return PlacementPolicy::Composite({policy, PlacementPolicy::NoTag()}, PlacementCombiner::kAnd);
}

std::optional<std::string> CheckPolicy(const PlacementPolicy& policy, const ExecutorView& executor,
                                       const std::string& app_id, const RuleEvaluator* rules,
                                       const RuleScope& scope) {
  switch (policy.type) {
    case PlacementPolicyType::kAny:
    case PlacementPolicyType::kLocal:  // which hosts is decided by the caller (executor_id)
      return std::nullopt;
    case PlacementPolicyType::kOnePerHost:
      return CheckPerHost(executor, app_id, 1, "ONE_PER_HOST");
    case PlacementPolicyType::kMaxNPerHost:
      return CheckPerHost(executor, app_id, policy.max, "MAX_N_PER_HOST");
    case PlacementPolicyType::kMatchTag:
      if (executor.tags.count(policy.tag.value_or(""))) return std::nullopt;
      return "MATCH_TAG has no tag \"" + policy.tag.value_or("") + "\"";
    case PlacementPolicyType::kNoTag: {
      auto extra = executor.ExtraTags();
      if (extra.empty()) return std::nullopt;
      return "NO_TAG but executor is tagged " + Join(extra, ",");
    }
    case PlacementPolicyType::kRuleBased:
      return CheckRule(policy, executor, app_id, rules, scope);
    case PlacementPolicyType::kComposite:
      return CheckComposite(policy, executor, app_id, rules, scope);
  }
  return "unknown placement policy";
}

FitResult CheckFit(const ExecutorView& executor, int64_t cores, int64_t memory_mb) {
  FitResult result;
  size_t largest_cores = 0;
  for (const auto& [id, node] : executor.nodes) {
    largest_cores = std::max(largest_cores, node.free_cores.size());
    if (static_cast<int64_t>(node.free_cores.size()) >= cores && node.free_mb >= memory_mb) {
      result.nodes.push_back(id);
    }
  }
  if (!result.nodes.empty()) return result;
  if (static_cast<int64_t>(largest_cores) < cores) {
    result.reason = "needs " + std::to_string(cores) + " cores on one NUMA node, largest free is " +
                    std::to_string(largest_cores);
  } else {
    result.reason = "needs " + std::to_string(memory_mb) + " MB on one NUMA node with " +
                    std::to_string(cores) + " free cores, largest free is " +
                    std::to_string(LargestMemoryWithCores(executor, cores)) + " MB";
  }
  return result;
}

Feasibility CheckExecutor(const ExecutorView& executor, const PlacementRequest& request,
                          const PlacementPolicy& effective_policy, const RuleEvaluator* rules,
                          const RuleScope& scope) {
  Feasibility out;
  if (!executor.Schedulable()) {
    out.reason = "executor is " + std::string(ExecutorStateName(executor.state));
    return out;
  }
  if (auto reason = CheckPolicy(effective_policy, executor, request.app_id, rules, scope)) {
    out.reason = std::move(*reason);
    return out;
  }
  FitResult fit = CheckFit(executor, request.cores, request.memory_mb);
  if (fit.nodes.empty()) {
    out.reason = std::move(fit.reason);
    return out;
  }
  out.feasible = true;
  out.nodes = std::move(fit.nodes);
  return out;
}

}  // namespace drove::scheduler
