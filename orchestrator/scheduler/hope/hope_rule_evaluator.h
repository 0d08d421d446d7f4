// The scheduler's RuleEvaluator for RULE_BASED policies with ruleType HOPE (MVEL is refused).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/scheduler/feasibility.h"
#include "orchestrator/scheduler/hope/rule_cache.h"

namespace drove::scheduler::hope {

// Drove's SchedulingInfo for one candidate, as the rule sees it:
// {executorNodeId, allocatedExecutorNodeMetadata{}, allExecutorMetadata{id->{}},
//  applicationEnvironment{}}. Parts `rule` never reads are left empty (when rule is given).
nlohmann::json BuildSchedulingInfo(const RuleQuery& query, const CompiledRule* rule = nullptr);

// Thread-safe: the only state is the RuleCache.
class HopeRuleEvaluator : public RuleEvaluator {
 public:
  explicit HopeRuleEvaluator(size_t cache_capacity = 1024) : cache_(cache_capacity) {}

  // HOPE over a SchedulingInfo holding only `executor` (no other executors, empty env).
  core::Result<bool> Admits(const std::string& rule, const ExecutorView& executor,
                            const std::string& app_id) const override;
  // What the scheduler calls: MVEL is an error; HOPE sees the full SchedulingInfo, read in
  // place from the query (never built as JSON: same answers as over BuildSchedulingInfo).
  core::Result<bool> Evaluate(const RuleQuery& query) const override;

  const RuleCache& cache() const { return cache_; }

 private:
  mutable RuleCache cache_;
};

// Validation hook for a RULE_BASED policy: why (`rule`, `type`) cannot be scheduled, or nullopt.
// MVEL is refused; HOPE must compile (the message is the compile error).
std::optional<std::string> CheckPlacementRule(std::string_view rule, core::PlacementRuleType type);

}  // namespace drove::scheduler::hope
