// HopeRuleEvaluator: builds the SchedulingInfo for a candidate executor and runs the cached rule.
#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"

#include "orchestrator/scheduler/hope/compiled_rule.h"

namespace drove::scheduler::hope {
namespace {

constexpr char kMvelRefused[] =
    "ruleType MVEL is not supported, write the rule in HOPE (ruleType HOPE)";

nlohmann::json Metadata(const ExecutorView& executor) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : executor.metadata) out[key] = value;
  return out;
}

}  // namespace

nlohmann::json BuildSchedulingInfo(const RuleQuery& query, const CompiledRule* rule) {
  auto reads = [rule](std::string_view key) { return rule == nullptr || rule->References(key); };
  nlohmann::json info = {{"executorNodeId", query.executor.executor_id},
                         {"allocatedExecutorNodeMetadata", nlohmann::json::object()},
                         {"allExecutorMetadata", nlohmann::json::object()},
                         {"applicationEnvironment", nlohmann::json::object()}};
  if (reads("allocatedExecutorNodeMetadata")) {
    info["allocatedExecutorNodeMetadata"] = Metadata(query.executor);
  }
  if (reads("allExecutorMetadata")) {
    auto& all = info["allExecutorMetadata"];
    if (query.scope.cluster != nullptr) {
      for (const auto& [id, executor] : query.scope.cluster->executors())
        all[id] = Metadata(executor);
    }
    all[query.executor.executor_id] = Metadata(query.executor);
  }
  if (reads("applicationEnvironment") && query.scope.app_env != nullptr) {
    auto& env = info["applicationEnvironment"];
    for (const auto& [key, value] : *query.scope.app_env) env[key] = value;
  }
  return info;
}

core::Result<bool> HopeRuleEvaluator::Admits(const std::string& rule, const ExecutorView& executor,
                                             const std::string& app_id) const {
  return Evaluate(RuleQuery{rule, core::PlacementRuleType::kHope, executor, app_id, {}});
}

core::Result<bool> HopeRuleEvaluator::Evaluate(const RuleQuery& query) const {
  if (query.rule_type == core::PlacementRuleType::kMvel) {
    return core::Result<bool>::Error(kMvelRefused);
  }
  auto compiled = cache_.Get(query.rule);
  if (!compiled.ok()) return core::Result<bool>::Error("invalid HOPE rule: " + compiled.error());
  const CompiledRule& rule = **compiled;
  return rule.Evaluate(BuildSchedulingInfo(query, &rule));
}

std::optional<std::string> CheckPlacementRule(std::string_view rule, core::PlacementRuleType type) {
  if (type == core::PlacementRuleType::kMvel) return std::string(kMvelRefused);
  return CheckHopeRule(rule);
}

}  // namespace drove::scheduler::hope
