// The rule dry run: compile once, evaluate on the given SchedulingInfo and on each live executor.
#include "orchestrator/controller/engine/rule_dry_run.h"

#include <map>
#include <string>

#include "orchestrator/scheduler/hope/compiled_rule.h"
#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"

namespace drove::controller {
namespace {

using nlohmann::json;

json CallResult(const std::optional<std::string>& error) {
  json out{{"status", error ? "FAILURE" : "SUCCESS"}};
  if (error) out["error"] = *error;
  return out;
}

// The app env a rule sees on live executors: the SchedulingInfo's applicationEnvironment.
std::map<std::string, std::string> EnvOf(const json& scheduling_info) {
  std::map<std::string, std::string> env;
  if (!scheduling_info.is_object()) return env;
  auto it = scheduling_info.find("applicationEnvironment");
  if (it == scheduling_info.end() || !it->is_object()) return env;
  for (const auto& [key, value] : it->items()) {
    env[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return env;
}

json LiveResults(const ModelState& s, const core::PlacementPolicy& policy,
                 const json& scheduling_info) {
  const scheduler::hope::HopeRuleEvaluator evaluator(1);
  const std::map<std::string, std::string> env = EnvOf(scheduling_info);
  const scheduler::ClusterView& view = s.scheduler().view();
  const std::string no_app;  // the rule sees no appId
  json out = json::array();
  for (const auto& [id, executor] : view.executors()) {
    scheduler::RuleQuery query{*policy.rule, *policy.rule_type, executor, no_app, {&view, &env}};
    core::Result<bool> admitted = evaluator.Evaluate(query);
    json entry{{"executorId", id}, {"hostname", executor.hostname},
               {"result", admitted.ok() && *admitted}};
    if (!admitted.ok()) entry["error"] = admitted.error();
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

json DryRunPlacementRule(const ModelState& s, const core::PlacementPolicy& policy,
                         const json& scheduling_info) {
  const std::string& rule = *policy.rule;
  std::optional<std::string> check_error =
      scheduler::hope::CheckPlacementRule(rule, *policy.rule_type);
  if (check_error && policy.rule_type == core::PlacementRuleType::kHope) {
    check_error = "HopeLang Compilation error: " + *check_error;
  }
  json reply{{"status", false}, {"checkResult", CallResult(check_error)}, {"evalResult", nullptr},
             {"executors", json::array()}};
  if (check_error) return reply;
  reply["executors"] = LiveResults(s, policy, scheduling_info);
  if (scheduling_info.is_null()) {
    reply["status"] = true;
    return reply;
  }
  auto compiled = scheduler::hope::Compile(rule);
  const bool result = compiled.ok() && (*compiled)->Evaluate(scheduling_info);
  reply["evalResult"] = CallResult(std::nullopt);
  reply["evalResult"]["result"] = result;
  reply["status"] = true;
  return reply;
}

}  // namespace drove::controller
