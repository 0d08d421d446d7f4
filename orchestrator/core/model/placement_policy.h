// Drove's placement policies (`placementPolicy.type`): the model, its JSON mapping and validation.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::core {

enum class PlacementPolicyType {
  kAny,          // ANY
  kOnePerHost,   // ONE_PER_HOST
  kMaxNPerHost,  // MAX_N_PER_HOST {max}
  kMatchTag,     // MATCH_TAG {tag}
  kNoTag,        // NO_TAG
  kRuleBased,    // RULE_BASED {rule, ruleType}
  kComposite,    // COMPOSITE {policies, combiner}
  kLocal,        // LOCAL {hostLevel}
};

enum class PlacementRuleType { kHope, kMvel };
enum class PlacementCombiner { kAnd, kOr };

// One policy node. Only the fields of `type` are meaningful; the others stay at their defaults
// and are not emitted. `max` and `hostLevel` are Java primitives in Drove, so they are always
// emitted for their type (0 / false when absent on input).
struct PlacementPolicy {
  PlacementPolicyType type = PlacementPolicyType::kAny;
  int64_t max = 0;                             // MAX_N_PER_HOST
  std::optional<std::string> tag;              // MATCH_TAG
  std::optional<std::string> rule;             // RULE_BASED
  std::optional<PlacementRuleType> rule_type;  // RULE_BASED (`ruleType`)
  std::vector<PlacementPolicy> policies;       // COMPOSITE
  std::optional<PlacementCombiner> combiner;   // COMPOSITE; absent means AND
  bool host_level = false;                     // LOCAL (`hostLevel`)

  bool operator==(const PlacementPolicy&) const = default;

  // Small constructors for code and tests.
  static PlacementPolicy Any();
  static PlacementPolicy OnePerHost();
  static PlacementPolicy MaxNPerHost(int64_t max);
  static PlacementPolicy MatchTag(std::string tag);
  static PlacementPolicy NoTag();
  static PlacementPolicy RuleBased(std::string rule, PlacementRuleType rule_type);
  static PlacementPolicy Composite(std::vector<PlacementPolicy> policies,
                                   std::optional<PlacementCombiner> combiner = std::nullopt);
  static PlacementPolicy Local(bool host_level);
};

// Wire names: "ANY", "ONE_PER_HOST", ...; "HOPE"/"MVEL"; "AND"/"OR".
std::string_view PlacementPolicyTypeName(PlacementPolicyType type);
std::optional<PlacementPolicyType> PlacementPolicyTypeFromName(std::string_view name);  // exact
std::string_view PlacementRuleTypeName(PlacementRuleType type);
std::string_view PlacementCombinerName(PlacementCombiner combiner);

// The combiner a COMPOSITE actually uses (AND when absent).
PlacementCombiner EffectiveCombiner(const PlacementPolicy& policy);

void to_json(nlohmann::json& j, const PlacementPolicy& policy);  // NOLINT: nlohmann ADL name
// Throws std::invalid_argument with the Parse error; prefer ParsePlacementPolicy.
void from_json(const nlohmann::json& j, PlacementPolicy& policy);  // NOLINT: nlohmann ADL name

// Parses one policy object found at `path` (e.g. "placementPolicy"). Shape errors name the
// field: `placementPolicy.type: unknown placement policy type "FOO"`. Unknown properties are
// ignored; `type` is matched exactly, ruleType/combiner values case-insensitively.
Result<PlacementPolicy> ParsePlacementPolicy(const nlohmann::json& j, const std::string& path);

// Why a RULE_BASED rule cannot be evaluated (e.g. a HOPE compile error with its column), or
// nullopt. The model cannot link the rule compiler (it lives in the scheduler), so the
// controller injects one; without it only the rule's presence is checked.
using PlacementRuleChecker =
    std::function<std::optional<std::string>(const std::string& rule, PlacementRuleType type)>;

// Appends every rule broken, each as `path.field: rule`, to `errors`; a rule refused by
// `rule_checker` is reported as `path.rule: <reason>` (nested: `path.policies[1].rule: ...`).
void ValidatePlacementPolicy(const PlacementPolicy& policy, const std::string& path,
                             std::vector<std::string>* errors,
                             const PlacementRuleChecker& rule_checker = {});

// True if the tree holds a LOCAL policy (local services must have one; apps and tasks must not).
bool ContainsLocalPolicy(const PlacementPolicy& policy);
// True if the tree holds a MATCH_TAG or RULE_BASED policy (else Drove ANDs a NO_TAG in).
bool ContainsTagOrRulePolicy(const PlacementPolicy& policy);

}  // namespace drove::core
