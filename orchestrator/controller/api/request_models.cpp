// Request bodies -> Drove models: malformed JSON and shape errors are 400 (c), rule violations 400 (b).
#include "orchestrator/controller/api/request_models.h"

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/operations.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/core/model/validation.h"
#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"

namespace drove::controller::api {
namespace {

BodyCheck JsonError(std::string message) {
  BodyCheck check;
  check.kind = BodyCheck::Kind::kJsonError;
  check.errors.push_back(std::move(message));
  return check;
}

// Parses the body as UTF-8 JSON whatever the Content-Type; sets *error on failure.
bool ReadBody(const std::string& body, nlohmann::json* out, BodyCheck* error) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    *error = JsonError("No content to map due to end-of-input");
    return false;
  }
  try {
    *out = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 8E5011
    *error = JsonError(std::string("Malformed JSON: ") + e.what());
    return false;
  }
  if (!out->is_object()) {
    *error = JsonError("Cannot deserialize value of type object from " +
                       std::string(out->type_name()));
    return false;
  }
  return true;
}

// Parses with `parse`, then validates with `validate` (which returns `field: rule` texts).
template <typename Model, typename ParseFn, typename ValidateFn>
BodyCheck Check(const std::string& body, ParseFn parse, ValidateFn validate) {
  nlohmann::json json;
  BodyCheck check;
  if (!ReadBody(body, &json, &check)) return check;
  core::Result<Model> model = parse(json);
  if (!model.ok()) return JsonError(model.error());
  check.errors = validate(*model);
  if (!check.errors.empty()) {
    check.kind = BodyCheck::Kind::kInvalid;
    return check;
  }
  check.value = *model;
  return check;
}

// The model's rules plus the scheduler's HOPE compiler, so a rule the scheduler cannot evaluate
// is refused at 400 (`spec.placementPolicy.rule: unexpected token ... at column N`).
const core::ValidationOptions& ControllerValidation() {
  static const core::ValidationOptions kOptions{
      [](const std::string& rule, core::PlacementRuleType type) {
        return scheduler::hope::CheckPlacementRule(rule, type);
      }};
  return kOptions;
}

}  // namespace

BodyCheck CheckApplicationSpec(const std::string& body) {
  return Check<core::ApplicationSpec>(
      body, [](const nlohmann::json& j) { return core::ParseApplicationSpec(j); },
      [](const core::ApplicationSpec& spec) {
        return core::ValidateApplicationSpec(spec, ControllerValidation());
      });
}

BodyCheck CheckApplicationOperation(const std::string& body) {
  return Check<core::ApplicationOperation>(
      body, [](const nlohmann::json& j) { return core::ParseApplicationOperation(j); },
      [](const core::ApplicationOperation& op) {
        return core::ValidateOperation(op, ControllerValidation());
      });
}

BodyCheck CheckTaskSpec(const std::string& body) {
  return Check<core::TaskSpec>(
      body, [](const nlohmann::json& j) { return core::ParseTaskSpec(j); },
      [](const core::TaskSpec& spec) {
        return core::ValidateTaskSpec(spec, ControllerValidation());
      });
}

BodyCheck CheckTaskOperation(const std::string& body) {
  return Check<core::TaskOperation>(
      body, [](const nlohmann::json& j) { return core::ParseTaskOperation(j); },
      [](const core::TaskOperation& op) {
        return core::ValidateOperation(op, ControllerValidation());
      });
}

BodyCheck CheckLocalServiceSpec(const std::string& body) {
  return Check<core::LocalServiceSpec>(
      body, [](const nlohmann::json& j) { return core::ParseLocalServiceSpec(j); },
      [](const core::LocalServiceSpec& spec) {
        return core::ValidateLocalServiceSpec(spec, ControllerValidation());
      });
}

BodyCheck CheckLocalServiceOperation(const std::string& body) {
  return Check<core::LocalServiceOperation>(
      body, [](const nlohmann::json& j) { return core::ParseLocalServiceOperation(j); },
      [](const core::LocalServiceOperation& op) {
        return core::ValidateOperation(op, ControllerValidation());
      });
}

BodyCheck CheckRuleDryRun(const std::string& body) {
  constexpr const char* kPolicy = "ruleBasedPlacementPolicy";
  nlohmann::json json;
  BodyCheck check;
  if (!ReadBody(body, &json, &check)) return check;
  auto policy_json = json.find(kPolicy);
  if (policy_json == json.end() || policy_json->is_null()) {
    check.kind = BodyCheck::Kind::kInvalid;
    check.errors.push_back(std::string(kPolicy) + ": must not be null");
    return check;
  }
  auto policy = core::ParsePlacementPolicy(*policy_json, kPolicy);
  if (!policy.ok()) return JsonError(policy.error());
  if (policy->type != core::PlacementPolicyType::kRuleBased) {
    return JsonError(std::string(kPolicy) + ".type: must be RULE_BASED");
  }
  auto info = json.find("schedulingInfo");
  const bool has_info = info != json.end() && !info->is_null();
  if (has_info && !info->is_object()) return JsonError("schedulingInfo: must be an object");
  if (!policy->rule || policy->rule->empty()) {
    check.errors.push_back(std::string(kPolicy) + ".rule: is required");
  }
  if (!policy->rule_type) check.errors.push_back(std::string(kPolicy) + ".ruleType: is required");
  if (!check.errors.empty()) {
    check.kind = BodyCheck::Kind::kInvalid;
    return check;
  }
  check.value = {{"policy", *policy}, {"schedulingInfo", has_info ? *info : nlohmann::json()}};
  return check;
}

}  // namespace drove::controller::api
