// Unit tests for PlacementPolicy: JSON parse/emit of every type and validation paths.
#include "orchestrator/core/model/placement_policy.h"

#include <boost/test/unit_test.hpp>

using drove::core::ContainsLocalPolicy;
using drove::core::ContainsTagOrRulePolicy;
using drove::core::ParsePlacementPolicy;
using drove::core::PlacementCombiner;
using drove::core::PlacementPolicy;
using drove::core::PlacementPolicyType;
using drove::core::PlacementRuleType;
using drove::core::ValidatePlacementPolicy;
using nlohmann::json;

namespace {

PlacementPolicy MustParse(const json& j) {
  auto parsed = ParsePlacementPolicy(j, "placementPolicy");
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.error());
  return parsed.value();
}

std::string ParseError(const json& j) {
  auto parsed = ParsePlacementPolicy(j, "placementPolicy");
  BOOST_REQUIRE(!parsed.ok());
  return parsed.error();
}

// A policy of `type` with every field left at its default (as parsed from {"type": ...}).
PlacementPolicy Bare(PlacementPolicyType type) {
  PlacementPolicy policy;
  policy.type = type;
  return policy;
}

std::vector<std::string> Validate(const PlacementPolicy& policy) {
  std::vector<std::string> errors;
  ValidatePlacementPolicy(policy, "placementPolicy", &errors);
  return errors;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(placement_policy)

BOOST_AUTO_TEST_CASE(every_type_round_trips_through_json) {
  const std::vector<json> samples = {
      {{"type", "ANY"}},
      {{"type", "ONE_PER_HOST"}},
      {{"type", "MAX_N_PER_HOST"}, {"max", 3}},
      {{"type", "MATCH_TAG"}, {"tag", "gpu"}},
      {{"type", "NO_TAG"}},
      {{"type", "RULE_BASED"}, {"rule", "path.exists(\"$.x\")"}, {"ruleType", "HOPE"}},
      {{"type", "COMPOSITE"},
       {"policies", {{{"type", "ONE_PER_HOST"}}, {{"type", "MATCH_TAG"}, {"tag", "a"}}}},
       {"combiner", "OR"}},
      {{"type", "LOCAL"}, {"hostLevel", true}},
  };
  for (const auto& sample : samples) {
    json out = MustParse(sample);
    BOOST_TEST(out == sample, sample.dump() << " became " << out.dump());
  }
}

BOOST_AUTO_TEST_CASE(parse_fills_fields_of_each_type) {
  BOOST_TEST(MustParse({{"type", "MAX_N_PER_HOST"}, {"max", 5}}).max == 5);
  BOOST_TEST(*MustParse({{"type", "MATCH_TAG"}, {"tag", "x"}}).tag == "x");
  auto rule = MustParse({{"type", "RULE_BASED"}, {"rule", "r"}, {"ruleType", "hope"}});
  BOOST_TEST((rule.rule_type == PlacementRuleType::kHope));
  auto composite = MustParse({{"type", "COMPOSITE"}, {"policies", {{{"type", "ANY"}}}}});
  BOOST_TEST(composite.policies.size() == 1u);
  BOOST_TEST(!composite.combiner.has_value());
  BOOST_TEST((drove::core::EffectiveCombiner(composite) == PlacementCombiner::kAnd));
  BOOST_TEST(MustParse({{"type", "LOCAL"}, {"hostLevel", true}}).host_level);
}

BOOST_AUTO_TEST_CASE(absent_optional_fields_are_omitted_and_primitives_emitted) {
  json tag = Bare(PlacementPolicyType::kMatchTag);
  BOOST_TEST(tag == json({{"type", "MATCH_TAG"}}));
  json composite = PlacementPolicy::Composite({PlacementPolicy::Any()});
  BOOST_TEST(!composite.contains("combiner"));
  json max = Bare(PlacementPolicyType::kMaxNPerHost);
  BOOST_TEST(max == json({{"type", "MAX_N_PER_HOST"}, {"max", 0}}));
  json local = Bare(PlacementPolicyType::kLocal);
  BOOST_TEST(local == json({{"type", "LOCAL"}, {"hostLevel", false}}));
}

BOOST_AUTO_TEST_CASE(unknown_properties_and_fields_of_other_types_are_ignored) {
  auto any = MustParse({{"type", "ANY"}, {"tag", "x"}, {"whatever", 1}});
  BOOST_TEST((any == PlacementPolicy::Any()));
}

BOOST_AUTO_TEST_CASE(unknown_type_names_the_path) {
  BOOST_TEST(ParseError({{"type", "FOO"}}) ==
             "placementPolicy.type: unknown placement policy type \"FOO\"");
}

BOOST_AUTO_TEST_CASE(type_discriminator_is_matched_exactly) {
  BOOST_TEST(ParseError({{"type", "any"}}) ==
             "placementPolicy.type: unknown placement policy type \"any\"");
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_field) {
  BOOST_TEST(ParseError(json::array()) == "placementPolicy: must be an object");
  BOOST_TEST(ParseError(json::object()) == "placementPolicy.type: is required");
  BOOST_TEST(ParseError({{"type", 3}}) == "placementPolicy.type: must be a string");
  BOOST_TEST(ParseError({{"type", "MAX_N_PER_HOST"}, {"max", "2"}}) ==
             "placementPolicy.max: must be an integer");
  BOOST_TEST(ParseError({{"type", "MATCH_TAG"}, {"tag", 1}}) ==
             "placementPolicy.tag: must be a string");
  BOOST_TEST(ParseError({{"type", "COMPOSITE"}, {"policies", {{{"type", "ANY"}}, {{"x", 1}}}}}) ==
             "placementPolicy.policies[1].type: is required");
  BOOST_TEST(ParseError({{"type", "COMPOSITE"}, {"policies", json::array()}, {"combiner", "XOR"}})
                 .find("placementPolicy.combiner: unknown combiner") == 0u);
  BOOST_TEST(ParseError({{"type", "RULE_BASED"}, {"rule", "r"}, {"ruleType", "JS"}})
                 .find("placementPolicy.ruleType: unknown rule type") == 0u);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_without_crashing) {
  json j = {{"type", "ANY"}};
  for (int i = 0; i < 1000; ++i) j = {{"type", "COMPOSITE"}, {"policies", {j}}};
  BOOST_TEST(ParseError(j).find("nested too deeply") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(from_json_throws_with_the_parse_error) {
  BOOST_CHECK_THROW(json({{"type", "FOO"}}).get<PlacementPolicy>(), std::invalid_argument);
  BOOST_TEST((json({{"type", "NO_TAG"}}).get<PlacementPolicy>() == PlacementPolicy::NoTag()));
}

BOOST_AUTO_TEST_CASE(max_n_per_host_must_be_between_1_and_64) {
  BOOST_TEST(Validate(PlacementPolicy::MaxNPerHost(1)).empty());
  BOOST_TEST(Validate(PlacementPolicy::MaxNPerHost(64)).empty());
  BOOST_TEST(Validate(PlacementPolicy::MaxNPerHost(0)) ==
             std::vector<std::string>{"placementPolicy.max: must be between 1 and 64"});
  BOOST_TEST(Validate(PlacementPolicy::MaxNPerHost(65)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(match_tag_needs_a_tag) {
  BOOST_TEST(Validate(Bare(PlacementPolicyType::kMatchTag)) ==
             std::vector<std::string>{"placementPolicy.tag: is required"});
  BOOST_TEST(Validate(PlacementPolicy::MatchTag("")).size() == 1u);
  BOOST_TEST(Validate(PlacementPolicy::MatchTag("gpu")).empty());
}

BOOST_AUTO_TEST_CASE(rule_based_needs_rule_and_refuses_mvel) {
  BOOST_TEST(Validate(PlacementPolicy::RuleBased("r", PlacementRuleType::kHope)).empty());
  BOOST_TEST(Validate(PlacementPolicy::RuleBased("r", PlacementRuleType::kMvel)) ==
             std::vector<std::string>{"placementPolicy.ruleType: MVEL rules are not supported, "
                                      "write the rule in HOPE (ruleType HOPE)"});
  const std::vector<std::string> both = {"placementPolicy.rule: is required",
                                         "placementPolicy.ruleType: is required"};
  BOOST_TEST(Validate(Bare(PlacementPolicyType::kRuleBased)) == both);
}

// A checker that refuses rules containing "bad", recording what it was asked.
struct FakeChecker {
  std::vector<std::string>* asked;
  std::optional<std::string> operator()(const std::string& rule, PlacementRuleType) const {
    asked->push_back(rule);
    if (rule.find("bad") == std::string::npos) return std::nullopt;
    return "unexpected token 'bad' at column " + std::to_string(rule.find("bad") + 1);
  }
};

BOOST_AUTO_TEST_CASE(injected_rule_checker_reports_the_rule_field_with_its_reason) {
  std::vector<std::string> asked;
  std::vector<std::string> errors;
  ValidatePlacementPolicy(PlacementPolicy::RuleBased("'/a' == bad", PlacementRuleType::kHope),
                          "placementPolicy", &errors, FakeChecker{&asked});
  BOOST_TEST(errors == std::vector<std::string>{
                           "placementPolicy.rule: unexpected token 'bad' at column 9"});
  errors.clear();
  ValidatePlacementPolicy(PlacementPolicy::RuleBased("'/a' == 1", PlacementRuleType::kHope),
                          "placementPolicy", &errors, FakeChecker{&asked});
  BOOST_TEST(errors.empty());
  BOOST_TEST(asked.size() == 2u);
}

BOOST_AUTO_TEST_CASE(rule_checker_is_not_asked_about_mvel_or_missing_rules) {
  std::vector<std::string> asked;
  std::vector<std::string> errors;
  ValidatePlacementPolicy(PlacementPolicy::RuleBased("bad", PlacementRuleType::kMvel),
                          "placementPolicy", &errors, FakeChecker{&asked});
  ValidatePlacementPolicy(Bare(PlacementPolicyType::kRuleBased), "placementPolicy", &errors,
                          FakeChecker{&asked});
  BOOST_TEST(asked.empty());
  BOOST_TEST(errors.size() == 3u);  // MVEL refused; rule and ruleType required
}

BOOST_AUTO_TEST_CASE(rule_checker_errors_in_nested_composites_carry_the_full_path) {
  std::vector<std::string> asked;
  std::vector<std::string> errors;
  auto policy = PlacementPolicy::Composite(
      {PlacementPolicy::OnePerHost(),
       PlacementPolicy::Composite(
           {PlacementPolicy::MatchTag("x"),
            PlacementPolicy::RuleBased("bad", PlacementRuleType::kHope)},
           PlacementCombiner::kOr)});
  ValidatePlacementPolicy(policy, "spec.placementPolicy", &errors, FakeChecker{&asked});
  BOOST_TEST(errors == std::vector<std::string>{
                           "spec.placementPolicy.policies[1].policies[1].rule: unexpected token "
                           "'bad' at column 1"});
}

BOOST_AUTO_TEST_CASE(composite_reports_every_nested_problem_with_its_path) {
  auto policy =
      PlacementPolicy::Composite({PlacementPolicy::OnePerHost(), PlacementPolicy::MaxNPerHost(100),
                                  PlacementPolicy::Composite({PlacementPolicy::MatchTag("")})});
  const std::vector<std::string> expected = {
      "placementPolicy.policies[1].max: must be between 1 and 64",
      "placementPolicy.policies[2].policies[0].tag: is required"};
  BOOST_TEST(Validate(policy) == expected);
  BOOST_TEST(Validate(PlacementPolicy::Composite({})) ==
             std::vector<std::string>{"placementPolicy.policies: must not be empty"});
}

BOOST_AUTO_TEST_CASE(contains_local_looks_inside_composites) {
  BOOST_TEST(ContainsLocalPolicy(PlacementPolicy::Local(false)));
  BOOST_TEST(!ContainsLocalPolicy(PlacementPolicy::Any()));
  BOOST_TEST(ContainsLocalPolicy(PlacementPolicy::Composite(
      {PlacementPolicy::Any(), PlacementPolicy::Composite({PlacementPolicy::Local(true)})})));
}

BOOST_AUTO_TEST_CASE(contains_tag_or_rule_looks_inside_composites) {
  BOOST_TEST(!ContainsTagOrRulePolicy(PlacementPolicy::OnePerHost()));
  BOOST_TEST(ContainsTagOrRulePolicy(
      PlacementPolicy::Composite({PlacementPolicy::OnePerHost(), PlacementPolicy::MatchTag("a")})));
}

BOOST_AUTO_TEST_SUITE_END()
