// Reads request bodies into Drove's models: JSON errors (400 c) apart from rule violations (400 b).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace drove::controller::api {

struct BodyCheck {
  enum class Kind { kOk, kJsonError, kInvalid };
  Kind kind = Kind::kOk;
  std::vector<std::string> errors;  // `field.path: problem` texts
  nlohmann::json value;             // the parsed model, re-serialised (kOk only)

  bool ok() const { return kind == Kind::kOk; }
};

BodyCheck CheckApplicationSpec(const std::string& body);
BodyCheck CheckApplicationOperation(const std::string& body);
BodyCheck CheckTaskSpec(const std::string& body);
BodyCheck CheckTaskOperation(const std::string& body);
BodyCheck CheckLocalServiceSpec(const std::string& body);
BodyCheck CheckLocalServiceOperation(const std::string& body);
// DryRunRuleInfo: {ruleBasedPlacementPolicy: RULE_BASED policy (req), schedulingInfo?}. The value
// is {policy, schedulingInfo (null when absent)}. ruleType MVEL passes: the dry run reports it.
BodyCheck CheckRuleDryRun(const std::string& body);

}  // namespace drove::controller::api
