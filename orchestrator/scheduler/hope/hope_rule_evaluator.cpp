// HopeRuleEvaluator: builds the SchedulingInfo for a candidate executor and runs the cached rule.
#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"

#include <map>
#include <string>
#include <vector>

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

Value Text(const std::string& text) { return Value{Value::Kind::kString, false, 0, text}; }

Value Object() { return Value{Value::Kind::kOther, false, 0, {}}; }

// `map` seen as a JSON object of strings, at `path` from index `at` on.
Value InMap(const std::map<std::string, std::string>& map, const std::vector<std::string>& path,
            size_t at) {
  if (path.size() == at) return Object();
  if (path.size() > at + 1) return Value{};  // below a string
  auto it = map.find(path[at]);
  return it == map.end() ? Value{} : Text(it->second);
}

// What ResolveJsonPointer(BuildSchedulingInfo(query), path) reaches, without building it.
Value LookupSchedulingInfo(const RuleQuery& query, const std::vector<std::string>& path) {
  static const std::map<std::string, std::string> kNoEnv;
  if (path.empty()) return Object();
  const std::string& root = path[0];
  if (root == "executorNodeId") {
    return path.size() == 1 ? Text(query.executor.executor_id) : Value{};
  }
  if (root == "allocatedExecutorNodeMetadata") return InMap(query.executor.metadata, path, 1);
  if (root == "applicationEnvironment") {
    return InMap(query.scope.app_env ? *query.scope.app_env : kNoEnv, path, 1);
  }
  if (root != "allExecutorMetadata") return Value{};
  if (path.size() == 1) return Object();
  const ExecutorView* executor = nullptr;
  if (path[1] == query.executor.executor_id) {
    executor = &query.executor;
  } else if (query.scope.cluster != nullptr) {
    executor = query.scope.cluster->Find(path[1]);
  }
  return executor == nullptr ? Value{} : InMap(executor->metadata, path, 2);
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
  return (*compiled)->Evaluate(PointerLookup([&query](const std::vector<std::string>& path) {
    return LookupSchedulingInfo(query, path);
  }));
}

std::optional<std::string> CheckPlacementRule(std::string_view rule, core::PlacementRuleType type) {
  if (type == core::PlacementRuleType::kMvel) return std::string(kMvelRefused);
  return CheckHopeRule(rule);
}

}  // namespace drove::scheduler::hope
