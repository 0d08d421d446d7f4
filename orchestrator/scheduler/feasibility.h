// Feasibility (Nomad's filter step): may a request go to an executor, and if not, why not.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/scheduler/cluster_view.h"

namespace drove::scheduler {

// One instance to place.
struct PlacementRequest {
  std::string app_id;  // constraints count instances per appId (tasks: sourceAppName-taskId)
  int64_t cores = 0;   // whole cores
  int64_t memory_mb = 0;
  core::PlacementPolicy policy;                // as given in the spec (ANY when absent)
  std::optional<std::string> executor_id;      // only this executor (e.g. local service instances)
  std::map<std::string, std::string> app_env;  // RULE_BASED rules' `applicationEnvironment`
};

// What a RULE_BASED rule sees besides the candidate executor (the rest of Drove's
// SchedulingInfo): every executor, for `allExecutorMetadata`, and the app's env. Either may be
// null (then the rule sees only the candidate, or an empty env).
struct RuleScope {
  const ClusterView* cluster = nullptr;
  const std::map<std::string, std::string>* app_env = nullptr;
};

// One rule check: may `executor` take an instance of `app_id` under `rule`?
struct RuleQuery {
  const std::string& rule;
  core::PlacementRuleType rule_type;
  const ExecutorView& executor;
  const std::string& app_id;
  RuleScope scope;
};

// Seam for RULE_BASED policies: true if the rule admits the executor. The HOPE implementation
// is hope::HopeRuleEvaluator (scheduler/hope/); without an evaluator, RULE_BASED rejects every
// executor with a clear reason.
class RuleEvaluator {
 public:
  virtual ~RuleEvaluator() = default;
  virtual core::Result<bool> Admits(const std::string& rule, const ExecutorView& executor,
                                    const std::string& app_id) const = 0;
  // What the scheduler calls. The default ignores the rule type and scope and calls Admits.
  virtual core::Result<bool> Evaluate(const RuleQuery& query) const {
    return Admits(query.rule, query.executor, query.app_id);
  }
};

// Drove's rule: without MATCH_TAG or RULE_BASED anywhere in the tree, the policy in force is
// COMPOSITE(AND, [policy, NO_TAG]), so untagged apps stay off tagged executors. A policy with
// LOCAL (a local service) is taken as it is: such services belong on every host.
core::PlacementPolicy EffectivePolicy(const core::PlacementPolicy& policy);

// What the policy checks read besides the policy and the executor.
struct PolicyContext {
  const std::string& app_id;
  const RuleEvaluator* rules = nullptr;
  RuleScope scope;
  // Instances of app_id per executor (ClusterView::HostsOf): when set, read instead of each
  // executor's own app map (one small, warm map for the whole scan; both always agree).
  const ClusterView::AppHosts* app_hosts = nullptr;
  int InstancesOn(const ExecutorView& executor) const;
};

// Whether `policy` admits `executor`; when not, and `reason` is non-null, *reason says why
// (the reason is built only then, so scans that need no reasons build no strings).
bool PolicyAdmits(const core::PlacementPolicy& policy, const ExecutorView& executor,
                  const PolicyContext& context, std::string* reason);

// Why `policy` rejects `executor` for `app_id`, or nullopt if it admits it.
std::optional<std::string> CheckPolicy(const core::PlacementPolicy& policy,
                                       const ExecutorView& executor, const std::string& app_id,
                                       const RuleEvaluator* rules, const RuleScope& scope = {});

// NUMA nodes of `executor` that can hold all the cores and the memory; when there are none,
// `reason` says what is short (e.g. "needs 2 cores on one NUMA node, largest free is 1").
struct FitResult {
  std::vector<NumaNodeId> nodes;
  std::string reason;
};
FitResult CheckFit(const ExecutorView& executor, int64_t cores, int64_t memory_mb);

// Whether some NUMA node of `executor` has `cores` free cores and `memory_mb` free.
bool FitsOneNode(const ExecutorView& executor, int64_t cores, int64_t memory_mb);

// Why the request would take cores or memory held back for local services on `executor`
// (ExecutorView::held_cores), or "" if it would not. Requests pinned to an executor (the local
// services' own instances) are never held back.
std::string HeldShareShortfall(const ExecutorView& executor, const PlacementRequest& request);

// CheckExecutor's verdict without the reason: state, then NUMA fit, then the policy (rules
// last, being the dearest). Same answer as CheckExecutor(...).feasible.
bool Admissible(const ExecutorView& executor, const PlacementRequest& request,
                const core::PlacementPolicy& effective_policy, const PolicyContext& context);

// All checks, cheapest first (state, policy, resources); the first failure is the reason.
struct Feasibility {
  bool feasible = false;
  std::string reason;
  std::vector<NumaNodeId> nodes;  // fitting nodes when feasible
};
Feasibility CheckExecutor(const ExecutorView& executor, const PlacementRequest& request,
                          const core::PlacementPolicy& effective_policy, const RuleEvaluator* rules,
                          const RuleScope& scope = {});

}  // namespace drove::scheduler
