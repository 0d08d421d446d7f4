// Whole-command tests of RunCli against a scripted fake controller (no network).
#include <boost/test/unit_test.hpp>

#include "tests/unit/cli/fake_controller.h"

namespace drove::cli {

using testing::Envelope;
using testing::FakeController;
using testing::Run;
using testing::RunWith;

BOOST_AUTO_TEST_SUITE(cli_run)

BOOST_AUTO_TEST_CASE(every_command_pings_first_with_basic_auth) {
  FakeController controller;
  controller.On("GET /apis/v1/cluster", Envelope(R"({"leader":"c1:4000","state":"NORMAL"})"));
  Run run = RunWith(controller, {"cluster", "leader"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Cluster leader: c1:4000\n");
  BOOST_REQUIRE(controller.requests.size() == 2u);
  BOOST_TEST(controller.requests[0].target == "/apis/v1/ping");
  BOOST_TEST(controller.requests[0].headers["Authorization"] == "Basic YWRtaW46YWRtaW4=");
}

BOOST_AUTO_TEST_CASE(failed_ping_aborts_with_one_error_line) {
  FakeController controller;
  controller.answers["GET /apis/v1/ping"] = {
      {400, R"({"status":"FAILED","message":"This node is not the leader controller"})"}};
  Run run = RunWith(controller, {"apps", "list"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(run.err == "Error: [400 - FAILED] This node is not the leader controller\n");
  BOOST_TEST(controller.requests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(scale_posts_the_operation_with_op_spec) {
  FakeController controller;
  controller.On("POST /apis/v1/applications/operations", Envelope(R"({"appId":"APP-1"})"));
  Run run = RunWith(controller, {"apps", "scale", "APP-1", "2", "-t", "1m"});
  BOOST_TEST(run.rc == 0);
  Json body = Json::parse(controller.requests[1].body);
  BOOST_TEST(body == Json::parse(R"({"type":"SCALE","appId":"APP-1","requiredInstances":2,
      "opSpec":{"timeout":"1m","parallelism":1,"failureStrategy":"STOP"}})"));
}

BOOST_AUTO_TEST_CASE(deploy_wait_prints_each_state_change_until_count_reached) {
  FakeController controller;
  const std::string instances = "GET /apis/v1/applications/APP-1/instances";
  controller.On(instances, Envelope(R"([{"instanceId":"AI-0","state":"HEALTHY"}])"));
  controller.On(instances, Envelope(R"([{"instanceId":"AI-0","state":"HEALTHY"},
                                        {"instanceId":"AI-1","state":"STARTING"}])"));
  controller.On(instances, Envelope(R"([{"instanceId":"AI-0","state":"HEALTHY"},
                                        {"instanceId":"AI-1","state":"HEALTHY"}])"));
  controller.On("POST /apis/v1/applications/operations", Envelope(R"({"appId":"APP-1"})"));
  Run run = RunWith(controller, {"apps", "deploy", "APP-1", "1", "--wait"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out ==
             "Waiting till required scale is reached\n"
             "instance AI-0 HEALTHY\ninstance AI-1 STARTING\nHealthy instances count: 1\n"
             "instance AI-1 HEALTHY\nHealthy instances count: 2\n"
             "Required number of instances reached\n");
}

BOOST_AUTO_TEST_CASE(wait_gives_up_after_the_timeout) {
  FakeController controller;
  controller.On("GET /apis/v1/applications/APP-1/instances",
                Envelope(R"([{"instanceId":"AI-0","state":"HEALTHY"}])"));
  controller.On("POST /apis/v1/applications/operations", Envelope(R"({"appId":"APP-1"})"));
  Run run = RunWith(controller, {"apps", "suspend", "APP-1", "-w", "--wait-timeout", "5"});
  BOOST_TEST(run.rc == 3);
  BOOST_TEST(run.err.find("timed out after 5 s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cancelop_sends_no_body_and_prints_message) {
  for (const auto& [group, api] : std::vector<std::pair<std::string, std::string>>{
           {"apps", "applications"}, {"localservices", "localservices"}}) {
    BOOST_TEST_CONTEXT(group) {
      FakeController controller;
      controller.On("POST /apis/v1/" + api + "/operations/ID-1/cancel",
                    R"({"status":"SUCCESS","message":"success"})");
      Run run = RunWith(controller, {group, "cancelop", "ID-1"});
      BOOST_TEST(run.rc == 0);
      BOOST_TEST(run.out == "Operation cancellation request registered :success\n");
      BOOST_TEST(controller.requests[1].body.empty());
      BOOST_TEST(controller.requests[1].headers.count("Content-Type") == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(validation_errors_reach_stderr) {
  FakeController controller;
  controller.On("POST /apis/v1/tasks/operations",
                R"({"status":"FAILED","data":{"validationErrors":["Task already exists "]},)"
                R"("message":"Command validation failure"})",
                400);
  Run run = RunWith(controller, {"tasks", "kill", "APP", "T1"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.err ==
             "Error: [400 - FAILED] Command validation failure: Task already exists \n");
}

BOOST_AUTO_TEST_CASE(json_flag_prints_raw_data) {
  FakeController controller;
  controller.On("GET /apis/v1/tasks", Envelope(R"([{"taskId":"T1","sourceAppName":"A"}])"));
  Run run = RunWith(controller, {"--json", "tasks", "list"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(Json::parse(run.out)[0]["taskId"] == "T1");
}

BOOST_AUTO_TEST_CASE(apps_list_renders_a_table) {
  FakeController controller;
  controller.On("GET /apis/v1/applications",
                Envelope(R"({"APP-1":{"name":"APP","state":"RUNNING","totalCPUs":2,
                  "totalMemory":256,"requiredInstances":2,"healthyInstances":2,
                  "created":0,"updated":0}})"));
  Run run = RunWith(controller, {"apps", "list"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("Id     Name    State      Total CPU    Total Memory(MB)") == 0u);
  BOOST_TEST(run.out.find("APP-1  APP     RUNNING            2                 256") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(maintenance_on_posts_an_empty_object_and_prints_the_state) {
  FakeController controller;
  controller.On("POST /apis/v1/cluster/maintenance/set",
                Envelope(R"({"state":"MAINTENANCE","updated":1700000000000})"));
  Run run = RunWith(controller, {"cluster", "maintenance-on"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Cluster state: MAINTENANCE\n");
  BOOST_TEST(controller.requests[1].body == "{}");
}

BOOST_AUTO_TEST_CASE(maintenance_off_posts_unset_and_prints_the_settle_note) {
  FakeController controller;
  controller.On("POST /apis/v1/cluster/maintenance/unset",
                Envelope(R"({"state":"NORMAL","updated":1700000000000})"));
  Run run = RunWith(controller, {"cluster", "maintenance-off"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("Maintenance mode removal accepted.") == 0u);
}

BOOST_AUTO_TEST_CASE(blacklist_sends_each_id_and_prints_like_drove_cli) {
  FakeController controller;
  controller.On("POST /apis/v1/cluster/executors/blacklist?id=E1&id=E2",
                Envelope(R"({"successful":["E1"],"failed":["E2"],"approxCompletionTimeMs":900000,
                  "message":"Blacklisting successful and app movement scheduled"})"));
  Run run = RunWith(controller, {"executor", "blacklist", "E1", "E2"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out ==
             "Successful: E1\nFailed: E2\n"
             "Blacklisting successful and app movement scheduled\n"
             "Approximate completion time: 900.00 seconds\n");
  BOOST_TEST(controller.requests[1].body == "{}");
}

BOOST_AUTO_TEST_CASE(unblacklist_prints_the_lists_and_message_only) {
  FakeController controller;
  controller.On("POST /apis/v1/cluster/executors/unblacklist?id=E1",
                Envelope(R"({"successful":["E1"],"failed":[],"approxCompletionTimeMs":0,
                  "message":"Unblacklisting successful for all executors"})"));
  Run run = RunWith(controller, {"executor", "unblacklist", "E1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Successful: E1\nFailed: \nUnblacklisting successful for all executors\n");
}

BOOST_AUTO_TEST_CASE(blacklist_in_maintenance_reports_the_failure) {
  FakeController controller;
  controller.On("POST /apis/v1/cluster/executors/blacklist?id=E1",
                R"({"status":"FAILED","message":"Cluster is in maintenance mode"})");
  Run run = RunWith(controller, {"executor", "blacklist", "E1"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(run.err == "Error: [200 - FAILED] Cluster is in maintenance mode\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli
