// Drove's placement policies: JSON mapping (to_json / non-throwing parse) and validation.
#include "orchestrator/core/model/placement_policy.h"

#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace drove::core {
namespace {

constexpr int kMaxPolicyDepth = 16;
constexpr int64_t kMinPerHost = 1;
constexpr int64_t kMaxPerHost = 64;

struct TypeName {
  PlacementPolicyType type;
  std::string_view name;
};

constexpr std::array<TypeName, 8> kTypeNames = {{
    {PlacementPolicyType::kAny, "ANY"},
    {PlacementPolicyType::kOnePerHost, "ONE_PER_HOST"},
    {PlacementPolicyType::kMaxNPerHost, "MAX_N_PER_HOST"},
    {PlacementPolicyType::kMatchTag, "MATCH_TAG"},
    {PlacementPolicyType::kNoTag, "NO_TAG"},
    {PlacementPolicyType::kRuleBased, "RULE_BASED"},
    {PlacementPolicyType::kComposite, "COMPOSITE"},
    {PlacementPolicyType::kLocal, "LOCAL"},
}};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsAbsent(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null();
}

// Reads an optional string field; returns an error message or "".
std::string ReadString(const nlohmann::json& j, const char* key, const std::string& path,
                       std::optional<std::string>* out) {
  if (IsAbsent(j, key)) return "";
  const auto& v = j.at(key);
  if (!v.is_string()) return path + "." + key + ": must be a string";
  *out = v.get<std::string>();
  return "";
}

std::string ReadMax(const nlohmann::json& j, const std::string& path, int64_t* out) {
  if (IsAbsent(j, "max")) return "";
  const auto& v = j.at("max");
  if (!v.is_number_integer()) return path + ".max: must be an integer";
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return path + ".max: must be between 1 and 64";
  }
  *out = v.get<int64_t>();
  return "";
}

std::string ReadHostLevel(const nlohmann::json& j, const std::string& path, bool* out) {
  if (IsAbsent(j, "hostLevel")) return "";
  const auto& v = j.at("hostLevel");
  if (!v.is_boolean()) return path + ".hostLevel: must be a boolean";
  *out = v.get<bool>();
  return "";
}

std::string ReadRuleType(const nlohmann::json& j, const std::string& path,
                         std::optional<PlacementRuleType>* out) {
  std::optional<std::string> text;
  if (auto err = ReadString(j, "ruleType", path, &text); !err.empty() || !text) return err;
  std::string upper = Upper(*text);
  if (upper == "HOPE") {
    *out = PlacementRuleType::kHope;
  } else if (upper == "MVEL") {
    *out = PlacementRuleType::kMvel;
  } else {
    return path + ".ruleType: unknown rule type \"" + *text + "\" (HOPE or MVEL)";
  }
  return "";
}

std::string ReadCombiner(const nlohmann::json& j, const std::string& path,
                         std::optional<PlacementCombiner>* out) {
  std::optional<std::string> text;
  if (auto err = ReadString(j, "combiner", path, &text); !err.empty() || !text) return err;
  std::string upper = Upper(*text);
  if (upper == "AND") {
    *out = PlacementCombiner::kAnd;
  } else if (upper == "OR") {
    *out = PlacementCombiner::kOr;
  } else {
    return path + ".combiner: unknown combiner \"" + *text + "\" (AND or OR)";
  }
  return "";
}

Result<PlacementPolicy> Parse(const nlohmann::json& j, const std::string& path, int depth);

std::string ReadPolicies(const nlohmann::json& j, const std::string& path, int depth,
                         std::vector<PlacementPolicy>* out) {
  if (IsAbsent(j, "policies")) return "";
  const auto& v = j.at("policies");
  if (!v.is_array()) return path + ".policies: must be an array";
  for (size_t i = 0; i < v.size(); ++i) {
    auto child = Parse(v[i], path + ".policies[" + std::to_string(i) + "]", depth + 1);
    if (!child.ok()) return child.error();
    out->push_back(std::move(child).value());
  }
  return "";
}

// Reads the fields that belong to `policy.type`; returns the first shape error or "".
std::string ReadFields(const nlohmann::json& j, const std::string& path, int depth,
                       PlacementPolicy* policy) {
  switch (policy->type) {
    case PlacementPolicyType::kMaxNPerHost:
      return ReadMax(j, path, &policy->max);
    case PlacementPolicyType::kMatchTag:
      return ReadString(j, "tag", path, &policy->tag);
    case PlacementPolicyType::kRuleBased:
      if (auto err = ReadString(j, "rule", path, &policy->rule); !err.empty()) return err;
      return ReadRuleType(j, path, &policy->rule_type);
    case PlacementPolicyType::kComposite:
      if (auto err = ReadPolicies(j, path, depth, &policy->policies); !err.empty()) return err;
      return ReadCombiner(j, path, &policy->combiner);
    case PlacementPolicyType::kLocal:
      return ReadHostLevel(j, path, &policy->host_level);
    case PlacementPolicyType::kAny:
    case PlacementPolicyType::kOnePerHost:
    case PlacementPolicyType::kNoTag:
      return "";
  }
  return "";
}

Result<PlacementPolicy> Parse(const nlohmann::json& j, const std::string& path, int depth) {
  if (depth > kMaxPolicyDepth) {
    return Result<PlacementPolicy>::Error(path + ": policies nested too deeply (max " +
                                          std::to_string(kMaxPolicyDepth) + " levels)");
  }
  if (!j.is_object()) return Result<PlacementPolicy>::Error(path + ": must be an object");
  if (IsAbsent(j, "type")) return Result<PlacementPolicy>::Error(path + ".type: is required");
  const auto& type_json = j.at("type");
  if (!type_json.is_string()) {
    return Result<PlacementPolicy>::Error(path + ".type: must be a string");
  }
  const auto& name = type_json.get_ref<const std::string&>();
  auto type = PlacementPolicyTypeFromName(name);
  if (!type) {
    return Result<PlacementPolicy>::Error(path + ".type: unknown placement policy type \"" + name +
                                          "\"");
  }
  PlacementPolicy policy;
  policy.type = *type;
  if (auto err = ReadFields(j, path, depth, &policy); !err.empty()) {
    return Result<PlacementPolicy>::Error(std::move(err));
  }
  return policy;
}

void ValidateRuleBased(const PlacementPolicy& policy, const std::string& path,
                       std::vector<std::string>* errors, const PlacementRuleChecker& checker) {
  const bool has_rule = policy.rule && !policy.rule->empty();
  if (!has_rule) errors->push_back(path + ".rule: is required");
  if (!policy.rule_type) {
    errors->push_back(path + ".ruleType: is required");
  } else if (*policy.rule_type == PlacementRuleType::kMvel) {
    // Refused here, not by the checker: MVEL runs arbitrary code, whatever the rule says.
    errors->push_back(path +
                      ".ruleType: MVEL rules are not supported, write the rule in HOPE "
                      "(ruleType HOPE)");
  } else if (has_rule && checker) {
    if (auto why = checker(*policy.rule, *policy.rule_type)) {
      errors->push_back(path + ".rule: " + *why);
    }
  }
}

}  // namespace

PlacementPolicy PlacementPolicy::Any() { return {}; }

PlacementPolicy PlacementPolicy::OnePerHost() {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kOnePerHost;
  return p;
}

PlacementPolicy PlacementPolicy::MaxNPerHost(int64_t max) {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kMaxNPerHost;
  p.max = max;
  return p;
}

PlacementPolicy PlacementPolicy::MatchTag(std::string tag) {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kMatchTag;
  p.tag = std::move(tag);
  return p;
}

PlacementPolicy PlacementPolicy::NoTag() {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kNoTag;
  return p;
}

PlacementPolicy PlacementPolicy::RuleBased(std::string rule, PlacementRuleType rule_type) {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kRuleBased;
  p.rule = std::move(rule);
  p.rule_type = rule_type;
  return p;
}

PlacementPolicy PlacementPolicy::Composite(std::vector<PlacementPolicy> policies,
                                           std::optional<PlacementCombiner> combiner) {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kComposite;
  p.policies = std::move(policies);
  p.combiner = combiner;
  return p;
}

PlacementPolicy PlacementPolicy::Local(bool host_level) {
  PlacementPolicy p;
  p.type = PlacementPolicyType::kLocal;
  p.host_level = host_level;
  return p;
}

std::string_view PlacementPolicyTypeName(PlacementPolicyType type) {
  for (const auto& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "ANY";
}

std::optional<PlacementPolicyType> PlacementPolicyTypeFromName(std::string_view name) {
  for (const auto& entry : kTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return std::nullopt;
}

std::string_view PlacementRuleTypeName(PlacementRuleType type) {
  return type == PlacementRuleType::kHope ? "HOPE" : "MVEL";
}

std::string_view PlacementCombinerName(PlacementCombiner combiner) {
  return combiner == PlacementCombiner::kAnd ? "AND" : "OR";
}

PlacementCombiner EffectiveCombiner(const PlacementPolicy& policy) {
  return policy.combiner.value_or(PlacementCombiner::kAnd);
}

void to_json(nlohmann::json& j, const PlacementPolicy& policy) {
  j = nlohmann::json::object();
  j["type"] = PlacementPolicyTypeName(policy.type);
  switch (policy.type) {
    case PlacementPolicyType::kMaxNPerHost:
      j["max"] = policy.max;
      break;
    case PlacementPolicyType::kMatchTag:
      if (policy.tag) j["tag"] = *policy.tag;
      break;
    case PlacementPolicyType::kRuleBased:
      if (policy.rule) j["rule"] = *policy.rule;
      if (policy.rule_type) j["ruleType"] = PlacementRuleTypeName(*policy.rule_type);
      break;
    case PlacementPolicyType::kComposite:
      j["policies"] = policy.policies;
      if (policy.combiner) j["combiner"] = PlacementCombinerName(*policy.combiner);
      break;
    case PlacementPolicyType::kLocal:
      j["hostLevel"] = policy.host_level;
      break;
    case PlacementPolicyType::kAny:
    case PlacementPolicyType::kOnePerHost:
    case PlacementPolicyType::kNoTag:
      break;
  }
}

void from_json(const nlohmann::json& j, PlacementPolicy& policy) {
  auto parsed = ParsePlacementPolicy(j, "placementPolicy");
  if (!parsed.ok()) throw std::invalid_argument(parsed.error());
  policy = std::move(parsed).value();
}

Result<PlacementPolicy> ParsePlacementPolicy(const nlohmann::json& j, const std::string& path) {
  return Parse(j, path, 0);
}

void ValidatePlacementPolicy(const PlacementPolicy& policy, const std::string& path,
                             std::vector<std::string>* errors,
                             const PlacementRuleChecker& rule_checker) {
  switch (policy.type) {
    case PlacementPolicyType::kMaxNPerHost:
      if (policy.max < kMinPerHost || policy.max > kMaxPerHost) {
        errors->push_back(path + ".max: must be between 1 and 64");
      }
      break;
    case PlacementPolicyType::kMatchTag:
      if (!policy.tag || policy.tag->empty()) errors->push_back(path + ".tag: is required");
      break;
    case PlacementPolicyType::kRuleBased:
      ValidateRuleBased(policy, path, errors, rule_checker);
      break;
    case PlacementPolicyType::kComposite:
      if (policy.policies.empty()) errors->push_back(path + ".policies: must not be empty");
      for (size_t i = 0; i < policy.policies.size(); ++i) {
        ValidatePlacementPolicy(policy.policies[i], path + ".policies[" + std::to_string(i) + "]",
                                errors, rule_checker);
      }
      break;
    case PlacementPolicyType::kAny:
    case PlacementPolicyType::kOnePerHost:
    case PlacementPolicyType::kNoTag:
    case PlacementPolicyType::kLocal:
      break;
  }
}

bool ContainsLocalPolicy(const PlacementPolicy& policy) {
  if (policy.type == PlacementPolicyType::kLocal) return true;
  for (const auto& child : policy.policies) {
    if (ContainsLocalPolicy(child)) return true;
  }
  return false;
}

bool ContainsTagOrRulePolicy(const PlacementPolicy& policy) {
  if (policy.type == PlacementPolicyType::kMatchTag ||
      policy.type == PlacementPolicyType::kRuleBased) {
    return true;
  }
  for (const auto& child : policy.policies) {
    if (ContainsTagOrRulePolicy(child)) return true;
  }
  return false;
}

}  // namespace drove::core
