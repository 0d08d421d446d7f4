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

// Each check returns whether the executor is admitted; only when it is not and `reason` is
// non-null does it build the reason (the bounded scan checks many executors and wants no strings).
bool PerHostAdmits(const ExecutorView& executor, const PolicyContext& context, int64_t max,
                   const char* name, std::string* reason) {
  const int count = context.InstancesOn(executor);
  const std::string& app_id = context.app_id;
  if (count < max) return true;
  if (reason == nullptr) return false;
  if (max == 1) {
    *reason = std::string(name) + " already has an instance of app " + app_id;
  } else {
    *reason = std::string(name) + " already has " + std::to_string(count) + " instances of app " +
              app_id + " (max " + std::to_string(max) + ")";
  }
  return false;
}

bool RuleAdmits(const PlacementPolicy& policy, const ExecutorView& executor,
                const PolicyContext& context, std::string* reason) {
  if (context.rules == nullptr) {
    if (reason) *reason = "RULE_BASED rules are not supported yet";
    return false;
  }
  static const std::string kNoRule;
  const std::string& rule = policy.rule ? *policy.rule : kNoRule;
  auto admits = context.rules->Evaluate(
      RuleQuery{rule, policy.rule_type.value_or(core::PlacementRuleType::kHope), executor,
                context.app_id, context.scope});
  if (admits.ok() && *admits) return true;
  if (reason) {
    *reason = admits.ok() ? "RULE_BASED rule rejects this executor"
                          : "RULE_BASED rule failed: " + admits.error();
  }
  return false;
}

bool CompositeAdmits(const PlacementPolicy& policy, const ExecutorView& executor,
                     const PolicyContext& context, std::string* reason) {
  const bool is_or = core::EffectiveCombiner(policy) == PlacementCombiner::kOr;
  std::vector<std::string> reasons;
  for (const auto& child : policy.policies) {
    std::string child_reason;
    const bool admitted = PolicyAdmits(child, executor, context, reason ? &child_reason : nullptr);
    if (admitted && is_or) return true;
    if (!admitted && !is_or) {
      if (reason) *reason = std::move(child_reason);
      return false;
    }
    if (!admitted && reason) reasons.push_back(std::move(child_reason));
  }
  if (!is_or) return true;
  if (reason) *reason = "no OR alternative admits it (" + Join(reasons, "; ") + ")";
  return false;
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
  // A local service runs on every executor its policy admits, tagged ones included (node agents).
  if (core::ContainsTagOrRulePolicy(policy) || core::ContainsLocalPolicy(policy)) return policy;
  return PlacementPolicy::Composite({policy, PlacementPolicy::NoTag()}, PlacementCombiner::kAnd);
}

int PolicyContext::InstancesOn(const ExecutorView& executor) const {
  if (app_hosts == nullptr) return executor.InstancesOf(app_id);
  auto it = app_hosts->find(&executor);
  return it == app_hosts->end() ? 0 : it->second;
}

bool PolicyAdmits(const PlacementPolicy& policy, const ExecutorView& executor,
                  const PolicyContext& context, std::string* reason) {
  switch (policy.type) {
    case PlacementPolicyType::kAny:
    case PlacementPolicyType::kLocal:  // which hosts is decided by the caller (executor_id)
      return true;
    case PlacementPolicyType::kOnePerHost:
      return PerHostAdmits(executor, context, 1, "ONE_PER_HOST", reason);
    case PlacementPolicyType::kMaxNPerHost:
      return PerHostAdmits(executor, context, policy.max, "MAX_N_PER_HOST", reason);
    case PlacementPolicyType::kMatchTag:
      if (executor.tags.count(policy.tag.value_or(""))) return true;
      if (reason) *reason = "MATCH_TAG has no tag \"" + policy.tag.value_or("") + "\"";
      return false;
    case PlacementPolicyType::kNoTag:
      if (!executor.HasExtraTags()) return true;
      if (reason) *reason = "NO_TAG but executor is tagged " + Join(executor.ExtraTags(), ",");
      return false;
    case PlacementPolicyType::kRuleBased:
      return RuleAdmits(policy, executor, context, reason);
    case PlacementPolicyType::kComposite:
      return CompositeAdmits(policy, executor, context, reason);
  }
  if (reason) *reason = "unknown placement policy";
  return false;
}

std::optional<std::string> CheckPolicy(const PlacementPolicy& policy, const ExecutorView& executor,
                                       const std::string& app_id, const RuleEvaluator* rules,
                                       const RuleScope& scope) {
  std::string reason;
  if (PolicyAdmits(policy, executor, PolicyContext{app_id, rules, scope}, &reason)) {
    return std::nullopt;
  }
  return reason;
}

bool FitsOneNode(const ExecutorView& executor, int64_t cores, int64_t memory_mb) {
  if (executor.largest_free_cores < cores) return false;
  for (const auto& [id, node] : executor.nodes) {
    if (static_cast<int64_t>(node.free_cores.size()) >= cores && node.free_mb >= memory_mb) {
      return true;
    }
  }
  return false;
}

std::string HeldShareShortfall(const ExecutorView& executor, const PlacementRequest& request) {
  if (request.executor_id || (executor.held_cores == 0 && executor.held_memory_mb == 0)) return "";
  const int64_t cores = executor.FreeCores() - executor.held_cores;
  const int64_t memory = executor.FreeMemoryMb() - executor.held_memory_mb;
  if (cores >= request.cores && memory >= request.memory_mb) return "";
  return "needs " + std::to_string(request.cores) + " cores and " +
         std::to_string(request.memory_mb) + " MB, " + std::to_string(std::max<int64_t>(cores, 0)) +
         " cores and " + std::to_string(std::max<int64_t>(memory, 0)) + " MB free besides the " +
         std::to_string(executor.held_cores) + " cores and " +
         std::to_string(executor.held_memory_mb) + " MB reserved for local services";
}

bool Admissible(const ExecutorView& executor, const PlacementRequest& request,
                const PlacementPolicy& effective_policy, const PolicyContext& context) {
  return executor.Schedulable() && FitsOneNode(executor, request.cores, request.memory_mb) &&
         HeldShareShortfall(executor, request).empty() &&
         PolicyAdmits(effective_policy, executor, context, nullptr);
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
  if (auto shortfall = HeldShareShortfall(executor, request); !shortfall.empty()) {
    out.reason = std::move(shortfall);
    return out;
  }
  out.feasible = true;
  out.nodes = std::move(fit.nodes);
  return out;
}

}  // namespace drove::scheduler
