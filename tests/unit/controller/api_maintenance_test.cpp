// Maintenance and blacklisting at the API: routes, roles, reply shapes, and the maintenance
// window's refusals in Drove's filter order (live server, fake core;
// drove-api.md 1.3, 1.5, 1.7, 2.1).
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;
using Headers = std::map<std::string, std::string>;

Headers User(const std::string& name) { return {{"Authorization", BasicAuth(name, name)}}; }

const char* kInMaintenance = "Cluster is in maintenance mode";

// 400 (b) with the maintenance text as its only validation error.
void CheckMaintenanceRefusal(const core::HttpResponse& r, const std::string& what) {
  BOOST_TEST(r.status == 400, what);
  json body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "FAILED", what);
  BOOST_TEST(body["message"] == "Command validation failure", what);
  BOOST_TEST(body["data"]["validationErrors"] == json::array({kInMaintenance}), what);
}

BOOST_AUTO_TEST_SUITE(controller_api_maintenance)

BOOST_AUTO_TEST_CASE(maintenance_set_and_unset_answer_cluster_state_data_ignoring_the_body) {
  LiveApi api;
  auto set = api.Call("POST", "/apis/v1/cluster/maintenance/set", "{}", User("maint"));
  BOOST_TEST(set.status == 200);
  BOOST_TEST(LiveApi::Body(set) == json::parse(R"({"status":"SUCCESS","message":"success",
      "data":{"state":"MAINTENANCE","updated":1234}})"));
  auto unset = api.Call("POST", "/apis/v1/cluster/maintenance/unset", "not json", User("root"));
  BOOST_TEST(unset.status == 200);
  BOOST_TEST(LiveApi::Body(unset)["data"]["state"] == "NORMAL");
  BOOST_TEST(api.core.maintenance_calls == std::vector<bool>({true, false}));
}

BOOST_AUTO_TEST_CASE(maintenance_needs_the_maintenance_or_root_role) {
  LiveApi api;
  for (const char* user : {"admin", "guest"}) {
    BOOST_TEST(api.Call("POST", "/apis/v1/cluster/maintenance/set", "", User(user)).status == 403,
               user);
    BOOST_TEST(
        api.Call("POST", "/apis/v1/cluster/executors/blacklist?id=E1", "", User(user)).status ==
            403,
        user);
  }
  BOOST_TEST(api.core.maintenance_calls.empty());
  BOOST_TEST(api.core.blacklisting.empty());
}

BOOST_AUTO_TEST_CASE(a_state_that_cannot_be_stored_is_200_failed_without_data) {
  LiveApi api;
  api.core.maintenance_store_fails = true;
  json body = LiveApi::Body(api.Call("POST", "/apis/v1/cluster/maintenance/set", "", User("root")));
  BOOST_TEST(body ==
             json::parse(R"({"status":"FAILED","message":"Could not change cluster state"})"));
}

BOOST_AUTO_TEST_CASE(blacklist_takes_repeated_ids_or_one_path_id) {
  LiveApi api;
  auto bulk =
      api.Call("POST", "/apis/v1/cluster/executors/blacklist?id=E1&id=E2", "{}", User("maint"));
  BOOST_TEST(bulk.status == 200);
  json data = LiveApi::Body(bulk)["data"];
  for (const char* key : {"successful", "failed", "approxCompletionTimeMs", "message"}) {
    BOOST_TEST(data.contains(key), key);
  }
  api.Call("POST", "/apis/v1/cluster/executors/E3/blacklist", "", User("root"));
  api.Call("POST", "/apis/v1/cluster/executors/unblacklist?id=E1", "", User("root"));
  api.Call("POST", "/apis/v1/cluster/executors/E2/unblacklist", "", User("root"));
  using Call = std::pair<bool, std::vector<std::string>>;
  BOOST_REQUIRE_EQUAL(api.core.blacklisting.size(), 4u);
  BOOST_TEST((api.core.blacklisting[0] == Call{true, {"E1", "E2"}}));
  BOOST_TEST((api.core.blacklisting[1] == Call{true, {"E3"}}));
  BOOST_TEST((api.core.blacklisting[2] == Call{false, {"E1"}}));
  BOOST_TEST((api.core.blacklisting[3] == Call{false, {"E2"}}));
}

BOOST_AUTO_TEST_CASE(blacklist_without_ids_is_400_b) {
  LiveApi api;
  auto r = api.Call("POST", "/apis/v1/cluster/executors/blacklist", "", User("root"));
  BOOST_TEST(r.status == 400);
  BOOST_TEST(LiveApi::Body(r)["data"]["validationErrors"][0] == "query param id must not be empty");
  BOOST_TEST(api.core.blacklisting.empty());
}

BOOST_AUTO_TEST_CASE(blacklisting_in_the_maintenance_window_is_200_failed) {
  LiveApi api;
  api.core.in_maintenance = true;
  for (const char* path : {"/apis/v1/cluster/executors/blacklist?id=E1",
                           "/apis/v1/cluster/executors/E1/unblacklist"}) {
    auto r = api.Call("POST", path, "", User("maint"));
    BOOST_TEST(r.status == 200, path);
    BOOST_TEST(LiveApi::Body(r) == json({{"status", "FAILED"}, {"message", kInMaintenance}}), path);
  }
  BOOST_TEST(api.core.blacklisting.empty());
  // Maintenance itself can always be changed.
  BOOST_TEST(api.Call("POST", "/apis/v1/cluster/maintenance/unset", "", User("maint")).status ==
             200);
}

BOOST_AUTO_TEST_CASE(specs_operations_and_dry_run_are_refused_in_the_window) {
  LiveApi api;
  api.core.in_maintenance = true;
  json app_op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  json task_op = {{"type", "CREATE"}, {"spec", SampleTaskSpec()}, {"opSpec", OpSpec()}};
  json dry_run = {{"ruleBasedPlacementPolicy",
                   {{"type", "RULE_BASED"}, {"rule", "true"}, {"ruleType", "HOPE"}}}};
  const std::vector<std::pair<std::string, json>> calls = {
      {"/apis/v1/applications/validate/spec", SampleAppSpec()},
      {"/apis/v1/applications/operations", app_op},
      {"/apis/v1/operations", app_op},
      {"/apis/v1/tasks/validate/spec", SampleTaskSpec()},
      {"/apis/v1/tasks/operations", task_op},
      {"/apis/v1/applications/placementpolicy/rule/dryrun", dry_run}};
  for (const auto& [path, body] : calls) {
    CheckMaintenanceRefusal(api.Call("POST", path, body.dump(), User("root")), path);
  }
  BOOST_TEST(api.core.submitted.empty());
  // Cancel is not an operation submission: Drove lets it through.
  api.core.cancel_result = true;
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations/A-1/cancel").status == 200);
  api.core.in_maintenance = false;
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", app_op.dump()).status == 200);
}

BOOST_AUTO_TEST_CASE(maintenance_is_judged_after_roles_leadership_and_body_parsing) {
  LiveApi api;
  api.core.in_maintenance = true;
  const std::string path = "/apis/v1/applications/operations";
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(api.Call("POST", path, op.dump(), User("guest")).status == 403);
  auto malformed = api.Call("POST", path, "{not json");
  BOOST_TEST(malformed.status == 400);
  BOOST_TEST(LiveApi::Body(malformed)["message"] == "JSON validation failure");
  json bad = {{"type", "SUSPEND"}, {"opSpec", OpSpec()}};  // no appId: a rule violation first
  auto invalid = LiveApi::Body(api.Call("POST", path, bad.dump()));
  BOOST_TEST(invalid["data"]["validationErrors"][0] != kInMaintenance);
  api.core.leader = false;
  BOOST_TEST(LiveApi::Body(api.Call("POST", path, op.dump()))["message"] ==
             "This node is not the leader controller");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
