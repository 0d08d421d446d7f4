// `drove lsinstances ...` (and the appinstances commands sharing its code), `executor lsinstances`
// and `describe localservice|lsinstance` against a fake controller.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "orchestrator/cli/table.h"
#include "tests/unit/cli/fake_controller.h"

namespace drove::cli {

using testing::Envelope;
using testing::FakeController;
using testing::Run;
using testing::RunWith;

namespace {

constexpr char kInstance[] = R"({"serviceId":"LS-1","serviceName":"LS","instanceId":"SI-1",
    "executorId":"E1","localInfo":{"hostname":"host1","ports":{"main":{"containerPort":8000,
    "hostPort":32000,"portType":"HTTP"}}},"resources":[{"type":"CPU","cores":{"0":[2,3]}},
    {"type":"MEMORY","memoryInMB":{"0":128}}],"state":"HEALTHY","metadata":{},
    "errorMessage":"","created":0,"updated":0})";

constexpr char kLsOperations[] = "POST /apis/v1/localservices/operations";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_instances)

BOOST_AUTO_TEST_CASE(lsinstances_list_shows_host_ports_and_state) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/instances",
                Envelope(std::string("[") + kInstance + "]"));
  Run run = RunWith(controller, {"lsinstances", "list", "LS-1"});
  BOOST_TEST(run.rc == 0);
  const std::string date = ToDate(0);
  BOOST_TEST(run.out ==
             "Instance ID    Executor Host    Ports       State    Error Message    "
             "Created               Last Updated        \n"
             "-------------  ---------------  ----------  -------  ---------------  "
             "--------------------  --------------------\n"
             "SI-1           host1            main:32000  HEALTHY                   " +
                 date + "  " + date + "\n");
}

BOOST_AUTO_TEST_CASE(lsinstances_list_old_reads_the_old_list) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/instances/old", Envelope("[]"));
  Run run = RunWith(controller, {"lsinstances", "list", "LS-1", "--old"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(controller.Calls() ==
             std::vector<std::string>{"GET /apis/v1/localservices/LS-1/instances/old"});
  // drove-cli's lsinstances sorts by columns 0..5 only.
  BOOST_TEST(RunWith(controller, {"lsinstances", "list", "LS-1", "-s", "6"}).rc == 2);
  BOOST_TEST(RunWith(controller, {"appinstances", "list", "APP-1", "-s", "6"}).rc != 2);
}

BOOST_AUTO_TEST_CASE(lsinstances_info_prints_service_id) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/instances/SI-1", Envelope(kInstance));
  Run run = RunWith(controller, {"lsinstances", "info", "LS-1", "SI-1"});
  BOOST_TEST(run.rc == 0);
  const std::string date = ToDate(0);
  BOOST_TEST(run.out ==
             "Instance ID                   SI-1\n"
             "Service ID                    LS-1\n"
             "State                         HEALTHY\n"
             "Host                          host1\n"
             "CPU                           NUMA Node 0: Cores: [2, 3]\n"
             "Memory (MB)                   NUMA Node 0: Cores: 128\n"
             "Ports                         main: 8000->32000 (HTTP)\n"
             "Metadata                      \n"
             "Error Message                 \n"
             "Created                       " +
                 date +
                 "\n"
                 "Last Updated                  " +
                 date + "\n");
}

BOOST_AUTO_TEST_CASE(lsinstances_logs_list_the_files) {
  FakeController controller;
  controller.On("GET /apis/v1/logfiles/localservices/LS-1/SI-1/list",
                R"({"files":["output.log","output.log-2024-07-03"]})");
  Run run = RunWith(controller, {"lsinstances", "logs", "LS-1", "SI-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "files                         ['output.log', 'output.log-2024-07-03']\n");
}

BOOST_AUTO_TEST_CASE(lsinstances_tail_follows_the_read_protocol) {
  FakeController controller;
  const std::string read = "GET /apis/v1/logfiles/localservices/LS-1/SI-1/read/output.log";
  controller.On(read + "?offset=-1", R"({"data":"","offset":100})");
  controller.On(read + "?offset=100", R"({"data":"0123456789 hello\n","offset":100})");
  controller.On(read + "?offset=117", R"({"data":"","offset":117})");
  controller.stop_after_requests = 5;
  Run run = RunWith(controller, {"lsinstances", "tail", "LS-1", "SI-1", "-S", "11"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "hello\n");
  BOOST_TEST(controller.Calls() ==
             (std::vector<std::string>{read + "?offset=-1", read + "?offset=100",
                                       read + "?offset=117", read + "?offset=117"}));
}

BOOST_AUTO_TEST_CASE(lsinstances_download_writes_the_file) {
  const std::string target = "/tmp/drove_cli_ls_log_" + std::to_string(::getpid());
  FakeController controller;
  controller.On("GET /apis/v1/logfiles/localservices/LS-1/SI-1/download/output.log", "hello");
  Run run =
      RunWith(controller, {"lsinstances", "download", "LS-1", "SI-1", "output.log", "-o", target});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Downloading log to: " + target + "\nDownloaded size: 5 bytes\n");
  std::stringstream written;
  written << std::ifstream(target).rdbuf();
  BOOST_TEST(written.str() == "hello");
  std::remove(target.c_str());
}

BOOST_AUTO_TEST_CASE(lsinstances_replace_sends_stop_first_and_op_spec) {
  FakeController controller;
  controller.On(kLsOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run =
      RunWith(controller, {"lsinstances", "replace", "LS-1", "SI-1", "SI-2", "--stop", "-p", "2"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Instance(s) replace command accepted.\n");
  BOOST_TEST(Json::parse(controller.requests[1].body) ==
             Json::parse(R"({"type":"REPLACE_INSTANCES","serviceId":"LS-1",
                 "instanceIds":["SI-1","SI-2"],"stopFirst":true,
                 "opSpec":{"timeout":"5m","parallelism":2,"failureStrategy":"STOP"}})"));
}

BOOST_AUTO_TEST_CASE(lsinstances_kill_sends_instance_ids_without_skip_respawn) {
  FakeController controller;
  controller.On(kLsOperations, Envelope(R"({"serviceId":"LS-1"})"));
  Run run = RunWith(controller, {"lsinstances", "kill", "LS-1", "SI-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out == "Instance(s) kill command accepted.\n");
  BOOST_TEST(Json::parse(controller.requests[1].body) ==
             Json::parse(R"({"type":"STOP_INSTANCES","serviceId":"LS-1","instanceIds":["SI-1"],
                 "opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})"));
}

// drove-cli's wait for lsinstances replace/kill polls the *applications* path (api doc section 6);
// the server answers an unknown app with an empty list, so the wait ends after one poll.
BOOST_AUTO_TEST_CASE(lsinstances_wait_polls_the_applications_path_like_drove_cli) {
  for (const std::string command : {"replace", "kill"}) {
    BOOST_TEST_CONTEXT("lsinstances " << command) {
      FakeController controller;
      controller.On(kLsOperations, Envelope(R"({"serviceId":"LS-1"})"));
      controller.On("GET /apis/v1/applications/LS-1/instances", Envelope("[]"));
      Run run = RunWith(controller, {"lsinstances", command, "LS-1", "SI-1", "-w"});
      BOOST_TEST(run.rc == 0);
      BOOST_TEST(run.out == "Remaining old instance count: 0\nAll instances replaced\n");
      BOOST_TEST(
          controller.Calls() ==
          (std::vector<std::string>{kLsOperations, "GET /apis/v1/applications/LS-1/instances"}));
    }
  }
}

BOOST_AUTO_TEST_CASE(appinstances_kill_keeps_skip_respawn_and_waits_on_its_app) {
  FakeController controller;
  const std::string instances = "GET /apis/v1/applications/APP-1/instances";
  controller.On("POST /apis/v1/applications/operations", Envelope(R"({"appId":"APP-1"})"));
  controller.On(instances, Envelope(R"([{"instanceId":"AI-1","state":"STOPPING"}])"));
  controller.On(instances, Envelope("[]"));
  Run run = RunWith(controller, {"appinstances", "kill", "APP-1", "AI-1", "-w"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(Json::parse(controller.requests[1].body) ==
             Json::parse(R"({"type":"STOP_INSTANCES","appId":"APP-1","instanceIds":["AI-1"],
                 "skipRespawn":true,
                 "opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}})"));
  BOOST_TEST(run.out ==
             "instance AI-1 STOPPING\nRemaining old instance count: 1\n"
             "instance AI-1 GONE\nRemaining old instance count: 0\nAll instances replaced\n");
}

BOOST_AUTO_TEST_CASE(appinstances_list_has_the_ports_column_too) {
  FakeController controller;
  std::string instance = kInstance;
  controller.On("GET /apis/v1/applications/APP-1/instances", Envelope("[" + instance + "]"));
  Run run = RunWith(controller, {"appinstances", "list", "APP-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("Instance ID    Executor Host    Ports  ") == 0u);
  BOOST_TEST(run.out.find("main:32000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(executor_lsinstances_lists_service_instances) {
  FakeController controller;
  controller.On("GET /apis/v1/cluster/executors/E1",
                Envelope(std::string(R"({"instances":[],"tasks":[],"serviceInstances":[)") +
                         kInstance + "]}"));
  Run run = RunWith(controller, {"executor", "lsinstances", "E1"});
  BOOST_TEST(run.rc == 0);
  const std::string date = ToDate(0);
  BOOST_TEST(run.out ==
             "Instance ID    Service name    Service ID      CPU    Memory (MB)  State    "
             "Error Message    Created               Last Updated        \n"
             "-------------  --------------  ------------  -----  -------------  -------  "
             "---------------  --------------------  --------------------\n"
             "SI-1           LS              LS-1              1            128  HEALTHY  "
             "                 " +
                 date + "  " + date + "\n");
}

BOOST_AUTO_TEST_CASE(describe_localservice_reads_summary_spec_and_instances) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1",
                Envelope(R"({"id":"LS-1","name":"LS","state":"ACTIVE","healthyInstances":1,
                  "totalCPUs":2,"totalMemory":1024,"created":0,"updated":0})"));
  controller.On("GET /apis/v1/localservices/LS-1/spec",
                Envelope(R"({"executable":{"type":"DOCKER","url":"ls:1"}})"));
  controller.On("GET /apis/v1/localservices/LS-1/instances", Envelope("[]"));
  Run run = RunWith(controller, {"describe", "localservice", "LS-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(controller.Calls() ==
             (std::vector<std::string>{"GET /apis/v1/localservices/LS-1",
                                       "GET /apis/v1/localservices/LS-1/spec",
                                       "GET /apis/v1/localservices/LS-1/instances"}));
  BOOST_TEST(run.out.find("\nLocal Service Details:\n----------------------\n"
                          "  ID:                LS-1\n  Name:              LS\n") == 0u);
  BOOST_TEST(run.out.find("  Total Memory:      1,024 MB\n") != std::string::npos);
  BOOST_TEST(run.out.find("  Docker Image:      ls:1\n") != std::string::npos);
  BOOST_TEST(run.out.find("\nInstances (0):\n--------------\n"
                          "  No instances running (activate to start instances)\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(describe_lsinstance_prints_the_service_id) {
  FakeController controller;
  controller.On("GET /apis/v1/localservices/LS-1/instances/SI-1", Envelope(kInstance));
  Run run = RunWith(controller, {"describe", "lsinstance", "LS-1", "SI-1"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("\nLocal Service Instance Details:\n-------------------------------\n"
                          "  Instance ID:       SI-1\n  Service ID:        LS-1\n") == 0u);
  BOOST_TEST(run.out.find("  Hostname:          host1\n") != std::string::npos);
  Run json = RunWith(controller, {"describe", "lsinstance", "LS-1", "SI-1", "--json"});
  BOOST_TEST(Json::parse(json.out)["instanceId"] == "SI-1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli
