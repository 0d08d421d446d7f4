// Placement input at the API: policies the scheduler cannot evaluate are 400s naming the field,
// and the rule dry-run route's body checks (live server, fake core).
#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

json CreateWithPolicy(const json& policy) {
  json spec = SampleAppSpec();
  spec["placementPolicy"] = policy;
  return {{"type", "CREATE"}, {"spec", spec}, {"instances", 1}, {"opSpec", OpSpec()}};
}

json Rule(const std::string& rule, const std::string& type = "HOPE") {
  return {{"type", "RULE_BASED"}, {"rule", rule}, {"ruleType", type}};
}

// The reply to an app CREATE with `policy`; the core must not have been reached.
json Refused(LiveApi& api, const json& policy, const std::string& message) {
  auto r = api.Call("POST", "/apis/v1/applications/operations", CreateWithPolicy(policy).dump());
  BOOST_TEST(r.status == 400);
  json body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["message"] == message);
  BOOST_TEST(api.core.submitted.empty());
  return body["data"]["validationErrors"];
}

bool HasErrorStartingWith(const json& errors, const std::string& prefix) {
  for (const auto& e : errors) {
    if (e.get<std::string>().rfind(prefix, 0) == 0) return true;
  }
  return false;
}

BOOST_AUTO_TEST_SUITE(controller_api_placement)

BOOST_AUTO_TEST_CASE(unparsable_hope_rule_is_400_with_field_and_column) {
  LiveApi api;
  json errors = Refused(api, Rule("'/allocatedExecutorNodeMetadata/rack' == "),
                        "Command validation failure");
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  const std::string error = errors[0];
  BOOST_TEST(error.rfind("spec.placementPolicy.rule: ", 0) == 0u, error);
  BOOST_TEST(error.find("column") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(mvel_rule_is_refused_with_a_clear_message) {
  LiveApi api;
  json errors = Refused(api, Rule("true", "MVEL"), "Command validation failure");
  BOOST_TEST(HasErrorStartingWith(errors, "spec.placementPolicy.ruleType: MVEL rules are not "
                                          "supported, write the rule in HOPE"));
}

BOOST_AUTO_TEST_CASE(bad_rule_nested_in_composites_names_its_path) {
  LiveApi api;
  json policy{{"type", "COMPOSITE"},
              {"combiner", "OR"},
              {"policies",
               {{{"type", "ONE_PER_HOST"}},
                {{"type", "COMPOSITE"},
                 {"policies", {{{"type", "MATCH_TAG"}, {"tag", "x"}}, Rule("'/a' === 1")}}}}}};
  json errors = Refused(api, policy, "Command validation failure");
  BOOST_TEST(HasErrorStartingWith(errors, "spec.placementPolicy.policies[1].policies[1].rule: "),
             errors.dump());
}

BOOST_AUTO_TEST_CASE(range_and_emptiness_rules_name_the_field) {
  LiveApi api;
  BOOST_TEST(HasErrorStartingWith(
      Refused(api, {{"type", "MAX_N_PER_HOST"}, {"max", 0}}, "Command validation failure"),
      "spec.placementPolicy.max: must be between 1 and 64"));
  BOOST_TEST(HasErrorStartingWith(
      Refused(api, {{"type", "MAX_N_PER_HOST"}, {"max", 65}}, "Command validation failure"),
      "spec.placementPolicy.max: must be between 1 and 64"));
  BOOST_TEST(HasErrorStartingWith(
      Refused(api, {{"type", "COMPOSITE"}, {"policies", json::array()}},
              "Command validation failure"),
      "spec.placementPolicy.policies: must not be empty"));
}

BOOST_AUTO_TEST_CASE(unknown_policy_type_is_a_json_failure_naming_the_field) {
  LiveApi api;
  json errors = Refused(api, {{"type", "SPREAD"}}, "JSON validation failure");
  BOOST_TEST(HasErrorStartingWith(errors, "spec.placementPolicy.type: unknown placement policy "
                                          "type \"SPREAD\""),
             errors.dump());
}

BOOST_AUTO_TEST_CASE(validate_spec_and_task_create_check_rules_too) {
  LiveApi api;
  json spec = SampleAppSpec();
  spec["placementPolicy"] = Rule("(('/a' == 1)");
  auto r = api.Call("POST", "/apis/v1/applications/validate/spec", spec.dump());
  BOOST_TEST(r.status == 400);
  BOOST_TEST(HasErrorStartingWith(LiveApi::Body(r)["data"]["validationErrors"],
                                  "placementPolicy.rule: "));
  json task = SampleTaskSpec();
  task["placementPolicy"] = Rule("'/a' ==");
  json op{{"type", "CREATE"}, {"spec", task}, {"opSpec", OpSpec()}};
  r = api.Call("POST", "/apis/v1/tasks/operations", op.dump());
  BOOST_TEST(r.status == 400);
  BOOST_TEST(HasErrorStartingWith(LiveApi::Body(r)["data"]["validationErrors"],
                                  "spec.placementPolicy.rule: "));
}

BOOST_AUTO_TEST_CASE(valid_hope_rule_reaches_the_core) {
  LiveApi api;
  auto r = api.Call("POST", "/apis/v1/applications/operations",
                    CreateWithPolicy(Rule("'/allocatedExecutorNodeMetadata/rack' == \"r1\""))
                        .dump());
  BOOST_TEST(r.status == 200);
  BOOST_TEST(api.core.submitted.size() == 1u);
}

BOOST_AUTO_TEST_CASE(dry_run_passes_policy_and_scheduling_info_to_the_core) {
  LiveApi api;
  json info{{"executorNodeId", "e"}, {"allocatedExecutorNodeMetadata", {{"rack", "r1"}}}};
  json body{{"ruleBasedPlacementPolicy", Rule("'/executorNodeId' == \"e\"")},
            {"schedulingInfo", info}};
  auto r = api.Call("POST", "/apis/v1/applications/placementpolicy/rule/dryrun", body.dump(),
                    {{"Authorization", BasicAuth("guest", "guest")}});  // any role may dry-run
  BOOST_TEST(r.status == 200);
  json reply = LiveApi::Body(r);
  BOOST_TEST(reply["status"] == "SUCCESS");
  BOOST_TEST(reply["data"]["status"] == true);
  BOOST_REQUIRE_EQUAL(api.core.submitted.size(), 1u);
  BOOST_TEST(api.core.submitted[0]["schedulingInfo"] == info);
  BOOST_TEST(api.core.submitted[0]["policy"]["ruleType"] == "HOPE");
}

BOOST_AUTO_TEST_CASE(dry_run_body_errors_are_400s) {
  LiveApi api;
  const std::string path = "/apis/v1/applications/placementpolicy/rule/dryrun";
  auto missing = api.Call("POST", path, json{{"schedulingInfo", json::object()}}.dump());
  BOOST_TEST(missing.status == 400);
  BOOST_TEST(LiveApi::Body(missing)["message"] == "Command validation failure");
  BOOST_TEST(LiveApi::Body(missing)["data"]["validationErrors"][0] ==
             "ruleBasedPlacementPolicy: must not be null");
  auto wrong = api.Call("POST", path, json{{"ruleBasedPlacementPolicy", {{"type", "ANY"}}}}.dump());
  BOOST_TEST(wrong.status == 400);
  BOOST_TEST(LiveApi::Body(wrong)["message"] == "JSON validation failure");
  auto no_rule =
      api.Call("POST", path, json{{"ruleBasedPlacementPolicy", {{"type", "RULE_BASED"}}}}.dump());
  BOOST_TEST(no_rule.status == 400);
  BOOST_TEST(LiveApi::Body(no_rule)["data"]["validationErrors"].size() == 2u);
  BOOST_TEST(api.core.submitted.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
