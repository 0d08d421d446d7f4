// `drove localservices ...` against a fake controller: the exact requests and printed output.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

#include "orchestrator/cli/table.h"
#include "tests/unit/cli/fake_controller.h"

namespace drove::cli {

using testing::Envelope;
using testing::FakeController;
using testing::LineCount;
using testing::Run;
using testing::RunWith;

namespace {

constexpr char kOperations[] = "POST /apis/v1/localservices/operations";

Json BodyOf(const FakeController& controller, size_t index) {
  return Json::parse(controller.requests.at(index).body);
}

// A spec file removed when the test ends.
struct SpecFile {
  std::string path;
  explicit SpecFile(const std::string& content)
      : path("/tmp/drove_cli_ls_spec_" + std::to_string(::getpid()) + ".json") {
    std::ofstream(path) << content;
  }
  ~SpecFile() { std::remove(path.c_str()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_localservices)

BOOST_AUTO_TEST_CASE(list_prints_drove_cli_columns) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices",
                Envelope(R"({"LS-1":{"id":"LS-1","name":"LS","state":"ACTIVE",
                  "activationState":"ACTIVE","totalCPUs":2,"totalMemory":512,
                  "instancesPerHost":1,"healthyInstances":2,"created":0,"updated":0}})"));
  Run run = RunWith(controller, {"localservices", "list"});
  BOOST_TEST(run.rc == 0);
  const std::string date = ToDate(0);
  BOOST_TEST(run.out ==
             "Id    Name    State    Activation State      Total CPU    Total Memory(MB)"
             "    Instances Per Host    Healthy Instances  Created               Updated"
             "             \n"
             "----  ------  -------  ------------------  -----------  ------------------"
             "  --------------------  -------------------  --------------------  "
             "--------------------\n"
             "LS-1  LS      ACTIVE   ACTIVE                        2                 512"
             "                     1                    2  " +
                 date + "  " + date + "\n");
  BOOST_TEST(controller.Calls() == std::vector<std::string>{"GET /apis/v1/localservices"});
}

BOOST_AUTO_TEST_CASE(list_sorts_by_the_chosen_column_within_drove_cli_range) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices", Envelope(R"({"B-1":{"name":"B","healthyInstances":1},
                             "A-1":{"name":"A","healthyInstances":3}})"));
  Run run = RunWith(controller, {"localservices", "list", "-s", "7", "-r"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("A-1") < run.out.find("B-1"));
  Run out_of_range = RunWith(controller, {"localservices", "list", "-s", "9"});
  BOOST_TEST(out_of_range.rc == 2);
  BOOST_TEST(LineCount(out_of_range.err) == 1u);
}

BOOST_AUTO_TEST_CASE(summary_dumps_every_field) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1",
                Envelope(R"({"id":"LS-1","name":"LS","instancesPerHost":2})"));
  Run run = RunWith(controller, {"localservices", "summary", "LS-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out ==
             "id                            LS-1\n"
             "name                          LS\n"
             "instancesPerHost              2\n");
}

BOOST_AUTO_TEST_CASE(spec_prints_the_json) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/spec", Envelope(R"({"name":"LS","version":"1"})"));
  Run run = RunWith(controller, {"localservices", "spec", "LS-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "{\n    \"name\": \"LS\",\n    \"version\": \"1\"\n}\n");
}

BOOST_AUTO_TEST_CASE(create_posts_spec_with_instances_per_host) {
  SpecFile spec(R"({"name":"LS","version":"1"})");
  FakeController controller;
  controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"localservices", "create", spec.path});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Local service created with service id: LS-1\n");
  BOOST_TEST(controller.Calls() == std::vector<std::string>{kOperations});
  BOOST_TEST(BodyOf(controller, 1) == Json::parse(R"({"type":"CREATE",
      "spec":{"name":"LS","version":"1"},"instancesPerHost":1})"));

  FakeController again;
  again.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  BOOST_TEST(RunWith(again, {"localservices", "create", spec.path, "-i", "3"}).rc == 0);
  BOOST_TEST(BodyOf(again, 1)["instancesPerHost"] == 3);
}

BOOST_AUTO_TEST_CASE(create_with_unreadable_spec_fails_before_any_operation) {
  FakeController controller;
  Run run = RunWith(controller, {"localservices", "create", "/nonexistent/spec.json"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.err ==
             "Error creating local services. Error: cannot open /nonexistent/spec.json\n");
  BOOST_TEST(controller.Calls().empty());
}

BOOST_AUTO_TEST_CASE(simple_operations_send_type_and_service_id) {
  const std::vector<std::vector<std::string>> cases = {
      {"destroy", "DESTROY", "Local service destroyed"},
      {"activate", "ACTIVATE", "Local service activated"},
      {"conftest", "DEPLOY_TEST_INSTANCE", "Local service activated"},
      {"deactivate", "DEACTIVATE", "Local service deactivated"}};
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("localservices " << c[0]) {
      FakeController controller;
      controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
      Run run = RunWith(controller, {"localservices", c[0], "LS-1"});
      BOOST_TEST(run.rc == 0);
      BOOST_TEST(run.out == c[2] + "\n");
      BOOST_TEST(BodyOf(controller, 1) == (Json{{"type", c[1]}, {"serviceId", "LS-1"}}));
    }
  }
}

BOOST_AUTO_TEST_CASE(update_sends_the_count_per_host) {
  FakeController controller;
  controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"localservices", "update", "LS-1", "255"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Local service instance count updated\n");
  BOOST_TEST(BodyOf(controller, 1) == Json::parse(R"({"type":"UPDATE_INSTANCE_COUNT",
      "serviceId":"LS-1","instancesPerHost":255})"));
}

BOOST_AUTO_TEST_CASE(update_count_outside_1_to_255_is_refused_in_one_line) {
  for (const std::string count : {"0", "256", "many"}) {
    BOOST_TEST_CONTEXT("count " << count) {
      FakeController controller;
      Run run = RunWith(controller, {"localservices", "update", "LS-1", count});
      BOOST_TEST(run.rc == 2);
      BOOST_TEST(LineCount(run.err) == 1u);
      BOOST_TEST(run.err.find("drove localservices update: error: argument count: invalid") == 0u);
      BOOST_TEST(controller.requests.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(restart_sends_stop_first_and_op_spec) {
  FakeController controller;
  controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"localservices", "restart", "LS-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Local service restart command accepted.\n");
  BOOST_TEST(BodyOf(controller, 1) == Json::parse(R"({"type":"RESTART","serviceId":"LS-1",
      "stopFirst":false,"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})"));

  FakeController stop;
  stop.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  BOOST_TEST(
      RunWith(stop, {"localservices", "restart", "LS-1", "--stop", "-t", "1m", "-p", "2"}).rc == 0);
  BOOST_TEST(BodyOf(stop, 1) == Json::parse(R"({"type":"RESTART","serviceId":"LS-1",
      "stopFirst":true,"opSpec":{"timeout":"1m","parallelism":2,"failureStrategy":"STOP"}})"));
}

BOOST_AUTO_TEST_CASE(restart_wait_polls_service_instances_until_old_healthy_ones_are_gone) {
  FakeController controller;
  const std::string instances = "GET /apis/v1/localservices/LS-1/instances";
  controller.On(instances, Envelope(R"([{"instanceId":"SI-1","state":"HEALTHY"}])"));
  controller.On(instances, Envelope(R"([{"instanceId":"SI-1","state":"HEALTHY"}])"));
  controller.On(instances, Envelope(R"([{"instanceId":"SI-1","state":"STOPPING"},
                                        {"instanceId":"SI-2","state":"HEALTHY"}])"));
  controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"localservices", "restart", "LS-1", "-w"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out ==
             "instance SI-1 HEALTHY\nRemaining old instance count: 1\n"
             "instance SI-1 STOPPING\ninstance SI-2 HEALTHY\nRemaining old instance count: 0\n"
             "All instances replaced\n");
  BOOST_TEST(controller.Calls() ==
             (std::vector<std::string>{instances, kOperations, instances, instances}));
}

BOOST_AUTO_TEST_CASE(restart_wait_timeout_names_the_local_service) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/instances",
                Envelope(R"([{"instanceId":"SI-1","state":"HEALTHY"}])"));
  controller.On(kOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"localservices", "restart", "LS-1", "-w", "--wait-timeout", "3"});
  BOOST_TEST(run.rc == 3);
  BOOST_TEST(run.err == "Error: timed out after 3 s waiting for local service LS-1\n");
}

BOOST_AUTO_TEST_CASE(refused_operation_prints_the_validation_errors_on_one_line) {
  FakeController controller;
  controller.On(
      kOperations,
      R"({"status":"FAILED","data":{"validationErrors":["Local service LS-1 not found"]},)"
      R"("message":"Command validation failure"})",
      400);
  Run run = RunWith(controller, {"localservices", "activate", "LS-1"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(run.err ==
             "Error: [400 - FAILED] Command validation failure: Local service LS-1 not found\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli
