// Controller API envelopes and status codes (drove-api.md 1.2, 1.3) over a live server and a fake core.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(controller_api_envelope)

BOOST_AUTO_TEST_CASE(ping_answers_pong_with_success_message) {
  LiveApi api;
  auto r = api.Call("GET", "/apis/v1/ping");
  BOOST_TEST(r.status == 200);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "SUCCESS");
  BOOST_TEST(body["data"] == "pong");
  BOOST_TEST(body["message"] == "success");
}

BOOST_AUTO_TEST_CASE(unknown_app_is_200_failed_without_data) {
  LiveApi api;
  auto r = api.Call("GET", "/apis/v1/applications/NOPE-1");
  BOOST_TEST(r.status == 200);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["message"] == "App NOPE-1 not found");
  BOOST_TEST(!body.contains("data"));
  BOOST_TEST(LiveApi::Body(api.Call("GET", "/apis/v1/applications/NOPE-1/spec"))["message"] ==
             "App NOPE-1 not found");
}

BOOST_AUTO_TEST_CASE(soft_not_found_messages_follow_drove) {
  LiveApi api;
  BOOST_TEST(LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances/AI-9"))["message"] ==
             "No such application instance A-1/AI-9");
  BOOST_TEST(LiveApi::Body(api.Call("GET", "/apis/v1/tasks/APP/instances/T1"))["message"] ==
             "No such task instance APP/T1");
  BOOST_TEST(LiveApi::Body(api.Call("GET", "/apis/v1/cluster/executors/E1"))["message"] ==
             "No executor found with id: E1");
}

BOOST_AUTO_TEST_CASE(unknown_app_instances_is_success_empty_list) {
  LiveApi api;
  auto body = LiveApi::Body(api.Call("GET", "/apis/v1/applications/NOPE-1/instances"));
  BOOST_TEST(body["status"] == "SUCCESS");
  BOOST_TEST(body["data"] == json::array());
}

BOOST_AUTO_TEST_CASE(cancel_success_omits_data_and_failure_is_400_d) {
  LiveApi api;
  api.core.cancel_result = true;
  auto ok = api.Call("POST", "/apis/v1/applications/operations/A-1/cancel", "{}");
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(LiveApi::Body(ok).dump() == R"({"message":"success","status":"SUCCESS"})");
  api.core.cancel_result = false;
  auto bad = api.Call("POST", "/apis/v1/operations/A-1/cancel", "not json at all");
  BOOST_TEST(bad.status == 400);
  auto body = LiveApi::Body(bad);
  BOOST_TEST(body["message"] == "Current operation could not be cancelled");
  BOOST_TEST(!body.contains("data"));
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400_c) {
  LiveApi api;
  auto r = api.Call("POST", "/apis/v1/applications/operations", "{not json",
                    {{"Authorization", BasicAuth("admin", "admin")}, {"Content-Type", "text/plain"}});
  BOOST_TEST(r.status == 400);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["message"] == "JSON validation failure");
  BOOST_TEST(body["data"]["validationErrors"].size() == 1u);
}

// A number too large for a double is not a parse error to the JSON library but out_of_range (the
// controller used to let that escape; found by fuzz_controller_request).
BOOST_AUTO_TEST_CASE(a_number_too_large_is_400_c_too) {
  LiveApi api;
  for (const char* body : {"8E5011", R"({"type": "SCALE", "appId": "A-1", "requiredInstances": 1e999})"}) {
    auto r = api.Call("POST", "/apis/v1/applications/operations", body);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(LiveApi::Body(r)["message"] == "JSON validation failure");
  }
  BOOST_TEST(api.Call("GET", "/apis/v1/ping").status == 200);  // still serving
}

BOOST_AUTO_TEST_CASE(unknown_type_and_bad_duration_are_400_c_naming_the_field) {
  LiveApi api;
  auto r = api.Call("POST", "/apis/v1/applications/operations",
                    json{{"type", "EXPLODE"}, {"appId", "A-1"}}.dump());
  BOOST_TEST(r.status == 400);
  BOOST_TEST(LiveApi::Body(r)["message"] == "JSON validation failure");
  json spec = SampleAppSpec();
  spec["healthcheck"]["interval"] = "5 parsecs";
  auto d = api.Call("POST", "/apis/v1/applications/validate/spec", spec.dump());
  BOOST_TEST(d.status == 400);
  auto body = LiveApi::Body(d);
  BOOST_TEST(body["message"] == "JSON validation failure");
  BOOST_TEST(body["data"]["validationErrors"][0].get<std::string>().find("healthcheck.interval") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(spec_rule_violation_is_400_b) {
  LiveApi api;
  json spec = SampleAppSpec();
  spec["resources"] = json::array({{{"type", "MEMORY"}, {"sizeInMB", 128}}});
  auto r = api.Call("POST", "/apis/v1/applications/validate/spec", spec.dump());
  BOOST_TEST(r.status == 400);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["message"] == "Command validation failure");
  BOOST_TEST(!body["data"]["validationErrors"].empty());
  json op = {{"type", "SCALE"}, {"appId", "A-1"}, {"requiredInstances", 1}};  // no opSpec
  auto missing = api.Call("POST", "/apis/v1/applications/operations", op.dump());
  BOOST_TEST(missing.status == 400);
  BOOST_TEST(LiveApi::Body(missing)["message"] == "Command validation failure");
  BOOST_TEST(api.core.submitted.empty());
}

BOOST_AUTO_TEST_CASE(engine_refusal_is_400_b_with_its_messages) {
  LiveApi api;
  api.core.refuse_next = Refusal{{"App TEST_APP-1 already exists"}};
  json op = {{"type", "CREATE"}, {"spec", SampleAppSpec()}, {"opSpec", OpSpec()}};
  auto r = api.Call("POST", "/apis/v1/applications/operations", op.dump());
  BOOST_TEST(r.status == 400);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["message"] == "Command validation failure");
  BOOST_TEST(body["data"]["validationErrors"] == json::array({"App TEST_APP-1 already exists"}));
}

BOOST_AUTO_TEST_CASE(a_store_that_did_not_take_the_write_is_503_naming_it) {
  LiveApi api;
  api.core.refuse_next = Refusal{{"zookeeper store: ZooKeeper unreachable (connection loss)"}, true};
  json op = {{"type", "CREATE"}, {"spec", SampleAppSpec()}, {"opSpec", OpSpec()}};
  auto r = api.Call("POST", "/apis/v1/applications/operations", op.dump());
  BOOST_TEST(r.status == 503);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["message"] ==
             "Store unavailable: zookeeper store: ZooKeeper unreachable (connection loss)");
}

BOOST_AUTO_TEST_CASE(create_returns_app_id_and_passes_the_parsed_operation) {
  LiveApi api;
  json op = {{"type", "CREATE"}, {"spec", SampleAppSpec()}, {"opSpec", OpSpec()}};
  auto r = api.Call("POST", "/apis/v1/operations", op.dump(), {{"Authorization", BasicAuth("root", "root")}});
  BOOST_TEST(r.status == 200);
  BOOST_TEST(LiveApi::Body(r)["data"] == json({{"appId", "TEST_APP-1"}}));
  BOOST_REQUIRE(api.core.submitted.size() == 1u);
  BOOST_TEST(api.core.submitted[0]["type"] == "CREATE");
}

BOOST_AUTO_TEST_CASE(validate_spec_answers_valid_true) {
  LiveApi api;
  auto r = api.Call("POST", "/apis/v1/applications/validate/spec", SampleAppSpec().dump(),
                    {{"Authorization", BasicAuth("guest", "guest")}});
  BOOST_TEST(r.status == 200);
  BOOST_TEST(LiveApi::Body(r)["data"] == json({{"valid", true}}));
}

BOOST_AUTO_TEST_CASE(task_operations_and_delete) {
  LiveApi api;
  json create = {{"type", "CREATE"}, {"spec", SampleTaskSpec()}, {"opSpec", OpSpec()}};
  auto r = api.Call("POST", "/apis/v1/tasks/operations", create.dump());
  BOOST_TEST(r.status == 200);
  BOOST_TEST(LiveApi::Body(r)["data"] == json({{"taskId", "TEST_APP-T0012"}}));
  json kill = {{"type", "KILL"}, {"sourceAppName", "TEST_APP"}, {"taskId", "T0012"}, {"opSpec", OpSpec()}};
  BOOST_TEST(LiveApi::Body(api.Call("POST", "/apis/v1/tasks/operations", kill.dump()))["data"] ==
             json({{"taskId", "T0012"}}));
  api.core.tasks["TEST_APP/T0012"] = {{"taskId", "T0012"}};
  auto del = api.Call("DELETE", "/apis/v1/tasks/TEST_APP/instances/T0012", "",
                      {{"Authorization", BasicAuth("guest", "guest")}});
  BOOST_TEST(LiveApi::Body(del)["data"] == json({{"deleted", true}}));
  auto again = LiveApi::Body(api.Call("DELETE", "/apis/v1/tasks/TEST_APP/instances/T0012"));
  BOOST_TEST(again["status"] == "FAILED");
  BOOST_TEST(again["message"] == "Could not delete TEST_APP/T0012");
  BOOST_TEST(again["data"] == json({{"deleted", false}}));
}

BOOST_AUTO_TEST_CASE(handler_exception_is_500_envelope_and_server_survives) {
  LiveApi api;
  api.core.throw_on_list = true;
  auto r = api.Call("GET", "/apis/v1/applications");
  BOOST_TEST(r.status == 500);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["message"] == "Unexpected Server error");
  BOOST_TEST(body["data"]["failure"] == "boom");
  BOOST_TEST(api.Call("GET", "/apis/v1/ping").status == 200);
}

BOOST_AUTO_TEST_CASE(masked_spec_hides_inline_data_and_credentials) {
  LiveApi api;
  api.core.specs["TEST_APP-1"] = SampleAppSpec();
  auto body = LiveApi::Body(api.Call("GET", "/apis/v1/applications/TEST_APP-1/spec"));
  BOOST_TEST(body["status"] == "SUCCESS");
  const json& configs = body["data"]["configs"];
  BOOST_TEST(configs[0]["data"] == "");
  BOOST_TEST(configs[1]["http"]["username"] == "***");
  BOOST_TEST(configs[1]["http"]["password"] == "***");
  BOOST_TEST(configs[1]["http"]["authHeader"] == "***");
}

BOOST_AUTO_TEST_CASE(a_stored_spec_that_does_not_parse_is_served_without_its_configs) {
  LiveApi api;
  api.core.specs["BROKEN-1"] = {
      {"name", "BROKEN"},
      {"exposedPorts", "not a list"},
      {"configs", json::array({{{"type", "INLINE"}, {"localFilename", "/x"}, {"data", "c2Vj"}}})}};
  auto body = LiveApi::Body(api.Call("GET", "/apis/v1/applications/BROKEN-1/spec"));
  BOOST_TEST(body["status"] == "SUCCESS");
  BOOST_TEST(body["data"] == json({{"name", "BROKEN"}, {"exposedPorts", "not a list"}}),
             body.dump());
}

BOOST_AUTO_TEST_CASE(deprecated_events_list_is_a_plain_list) {
  LiveApi api;
  for (int i = 0; i < 3; ++i) {
    api.core.event_store.Add(core::EventType::kAppStateChange, {{"N", i}});
  }
  auto body = LiveApi::Body(api.Call("GET", "/apis/v1/cluster/events?lastSyncTime=10&size=2"));
  BOOST_TEST(body["data"].is_array());
  BOOST_TEST(body["data"].size() == 2u);
  BOOST_TEST(body["data"][0]["metadata"]["N"] == 2);  // newest first, the newest kept
  auto latest = LiveApi::Body(api.Call("GET", "/apis/v1/cluster/events/latest?lastSyncTime=10"));
  BOOST_TEST(latest["data"]["lastSyncTime"] == 11);
  BOOST_TEST(api.Call("GET", "/apis/v1/cluster/events/summary?lastSyncTime=abc").status == 404);
}

BOOST_AUTO_TEST_CASE(messages_reach_the_core) {
  LiveApi api;
  std::map<std::string, std::string> node = {{"Cluster-Authorization", "DefaultExecutorSecret"},
                                             {"NodeId", "executor-1"}};
  auto r = api.Call("POST", "/apis/v1/messages", R"({"type":"TASK_STATE","task":{}})", node);
  BOOST_TEST(r.status == 200);
  BOOST_TEST(api.core.messages.size() == 1u);
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", "{", node).status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
