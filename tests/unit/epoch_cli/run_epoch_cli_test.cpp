// Whole-command tests of RunEpochCli against a scripted server (no network): the HTTP call each
// command makes, what it prints, and its exit code.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <tuple>

#include "orchestrator/epoch_cli/epoch_cli.h"
#include "tests/unit/cli/fake_controller.h"

namespace drove::epoch_cli {
namespace {

using cli::testing::Envelope;
using cli::testing::FakeController;

constexpr char kDetails[] =
    R"({"id":"T","topology":{"name":"T"},"state":"PAUSED","created":1,"updated":2})";

struct Result {
  int rc = 0;
  std::string out;
  std::string err;
};

Result EpochBare(FakeController& server, const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  EpochRunOptions options;
  options.out = &out;
  options.err = &err;
  options.transport = server.AsTransport();
  Result result;
  result.rc = RunEpochCli(args, options);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// `epoch -e http://epoch:8080 -u admin -p admin <args>`
Result Epoch(FakeController& server, std::vector<std::string> args) {
  args.insert(args.begin(), {"-e", "http://epoch:8080", "-u", "admin", "-p", "admin"});
  return EpochBare(server, args);
}

// The one request the command made (the fake's scripted ping is never used by epoch).
const core::HttpRequest& OnlyRequest(const FakeController& server) {
  BOOST_REQUIRE_EQUAL(server.requests.size(), 1u);
  return server.requests[0];
}

// A temporary file with text; removed by the destructor.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/epoch-cli-spec-XXXXXX";
    int fd = mkstemp(name);
    close(fd);
    path = name;
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_cli_run)

BOOST_AUTO_TEST_CASE(topology_list_gets_topologies_with_basic_auth) {
  FakeController server;
  server.On("GET /apis/v1/topologies", Envelope("[]"));
  Result result = Epoch(server, {"topology", "list"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(result.err.empty());
  BOOST_TEST(result.out.find("Id    Cron    State") == 0u, result.out);
  BOOST_TEST(OnlyRequest(server).headers.at("Authorization") == "Basic YWRtaW46YWRtaW4=");
}

BOOST_AUTO_TEST_CASE(auth_header_goes_verbatim_without_username_and_password) {
  FakeController server;
  server.On("GET /apis/v1/topologies", Envelope("[]"));
  Result result =
      EpochBare(server, {"-e", "http://epoch:8080", "-t", "Bearer x", "topology", "list"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(OnlyRequest(server).headers.at("Authorization") == "Bearer x");
}

BOOST_AUTO_TEST_CASE(run_pause_unpause_are_bodyless_puts_printed_as_indented_json) {
  for (const char* name : {"run", "pause", "unpause"}) {
    const std::string action = name;
    FakeController server;
    server.On("PUT /apis/v1/topologies/T/" + action, Envelope(R"({"runId":"EIR-1"})"));
    Result result = Epoch(server, {"topology", action, "T"});
    BOOST_TEST(result.rc == 0);
    BOOST_TEST(result.out == "{\n    \"runId\": \"EIR-1\"\n}\n");
    BOOST_TEST(OnlyRequest(server).body.empty());
    BOOST_TEST(!OnlyRequest(server).headers.contains("Content-Type"));
  }
}

BOOST_AUTO_TEST_CASE(delete_prints_the_boolean) {
  FakeController server;
  server.On("DELETE /apis/v1/topologies/T", Envelope("true"));
  Result result = Epoch(server, {"topology", "delete", "T"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(result.out == "true\n");
}

BOOST_AUTO_TEST_CASE(get_prints_details_as_print_dict) {
  FakeController server;
  server.On("GET /apis/v1/topologies/T", Envelope(kDetails));
  Result result = Epoch(server, {"topology", "get", "T"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(result.out.find("Id                            T\nTopology                      \n"
                             "    name                          T\nState                         "
                             "PAUSED\n") == 0u,
             result.out);
}

BOOST_AUTO_TEST_CASE(create_and_update_send_the_spec_file) {
  const std::string spec = R"({"name":"T","trigger":{"type":"CRON","timeSpec":"0 * * ? * *"}})";
  TempFile file(spec);
  for (const auto& [command, request, printed] :
       {std::tuple{"create", "POST /apis/v1/topologies", "Topology created : T\n"},
        std::tuple{"update", "PUT /apis/v1/topologies", "Topology updated : T\n"}}) {
    FakeController server;
    server.On(request, Envelope(kDetails));
    Result result = Epoch(server, {"topology", command, file.path});
    BOOST_TEST(result.rc == 0);
    BOOST_TEST(result.out == printed);
    BOOST_TEST(Json::parse(OnlyRequest(server).body) == Json::parse(spec));
    BOOST_TEST(OnlyRequest(server).headers.at("Content-Type") == "application/json");
  }
}

BOOST_AUTO_TEST_CASE(unreadable_spec_file_fails_before_any_call) {
  FakeController server;
  Result result = Epoch(server, {"topology", "create", "/nonexistent/spec.json"});
  BOOST_TEST(result.rc == 1);
  BOOST_TEST(result.out.empty());
  BOOST_TEST(result.err ==
             "Error creating topology. Error: [Errno 2] No such file or directory: "
             "'/nonexistent/spec.json'\n");
  BOOST_TEST(server.requests.empty());
}

BOOST_AUTO_TEST_CASE(server_refusal_is_one_stderr_line_and_exit_1) {
  FakeController server;
  server.On("GET /apis/v1/topologies/X", R"({"status":"FAILED","message":"No such topology: X"})");
  Result result = Epoch(server, {"topology", "get", "X"});
  BOOST_TEST(result.rc == 1);
  BOOST_TEST(result.out.empty());
  BOOST_TEST(result.err == "Epoch CLI error: No such topology: X\n");
}

BOOST_AUTO_TEST_CASE(http_error_names_status_and_body_and_debug_adds_the_response) {
  FakeController server;
  const std::string body = R"({"status":"FAILED","message":"[3004]: Topology not found: X"})";
  server.On("PUT /apis/v1/topologies/X/pause", body, 404);
  Result result = Epoch(server, {"-d", "topology", "pause", "X"});
  BOOST_TEST(result.rc == 1);
  BOOST_TEST(result.out ==
             "Endpoint: http://epoch:8080 Username: True Password: True AuthHeader: False "
             "Insecure: None\n");
  BOOST_TEST(result.err == "Epoch CLI error: Epoch call failed with status code: 404, error: " +
                               body + "\nHTTP status: 404 response: " + body + "\n");
}

BOOST_AUTO_TEST_CASE(unreachable_server_names_the_endpoint) {
  FakeController server;  // nothing scripted: the transport fails as a refused connection
  Result result = Epoch(server, {"runs", "list", "T"});
  BOOST_TEST(result.rc == 1);
  BOOST_TEST(result.err ==
             "Epoch CLI error: Error connecting to endpoint http://epoch:8080: connection "
             "refused\n");
}

BOOST_AUTO_TEST_CASE(runs_commands_address_topology_run_and_task) {
  FakeController server;
  server.On("GET /apis/v1/topologies/T/runs", Envelope("[]"));
  server.On("GET /apis/v1/topologies/T/runs/EIR-1",
            Envelope(R"({"topologyId":"T","runId":"EIR-1"})"));
  server.On("POST /apis/v1/topologies/T/runs/EIR-1/tasks/docker-task/kill",
            Envelope(R"({"success":true,"message":"Task cancel accepted"})"));
  server.On("GET /apis/v1/topologies/T/runs/EIR-1/tasks/docker-task/log",
            Envelope(R"("http://drove:4000/tasks/EPOCH/T-EIR-1-docker-task")"));
  BOOST_TEST(Epoch(server, {"runs", "list", "T"}).out.find("TopologyId    RunId    State") == 0u);
  BOOST_TEST(Epoch(server, {"runs", "get", "T", "EIR-1"}).out ==
             "topologyId                    T\nrunId                         EIR-1\n");
  Result kill = Epoch(server, {"runs", "kill", "T", "EIR-1", "docker-task"});
  BOOST_TEST(kill.out == "{'success': True, 'message': 'Task cancel accepted'}\n");
  BOOST_TEST(server.requests[2].body.empty());
  BOOST_TEST(Epoch(server, {"runs", "log", "T", "EIR-1", "docker-task"}).out ==
             "\"http://drove:4000/tasks/EPOCH/T-EIR-1-docker-task\"\n");
}

BOOST_AUTO_TEST_CASE(missing_argument_is_a_usage_error) {
  FakeController server;
  Result result = Epoch(server, {"topology", "get"});
  BOOST_TEST(result.rc == 2);
  BOOST_TEST(result.err ==
             "epoch topology get: error: the following arguments are required: topo-id\n");
}

BOOST_AUTO_TEST_CASE(group_without_command_prints_help_and_exits_255) {
  FakeController server;
  Result result = Epoch(server, {"runs"});
  BOOST_TEST(result.rc == 255);
  BOOST_TEST(result.out.find("usage: epoch runs [-h] {list,get,kill,log} ...") == 0u, result.out);
  BOOST_TEST(server.requests.empty());
}

BOOST_AUTO_TEST_CASE(help_lists_epoch_clis_global_options) {
  FakeController server;
  Result result = EpochBare(server, {"-h"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(result.out.find("--insecure INSECURE, -i INSECURE") != std::string::npos, result.out);
  BOOST_TEST(result.out.find("{cluster,runs,topology}") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(cluster_leader_prints_the_unenveloped_answer) {
  FakeController server;
  server.On("GET /apis/housekeeping/v1/leader", R"({"leader":"http://h:8080"})");
  Result result = Epoch(server, {"cluster", "leader"});
  BOOST_TEST(result.rc == 0);
  BOOST_TEST(result.out == "{'leader': 'http://h:8080'}\n");
}

BOOST_AUTO_TEST_CASE(pause_all_pauses_each_and_reports_each_failure) {
  FakeController server;
  server.On("GET /apis/v1/topologies", Envelope(R"([{"id":"A"},{"id":"B"}])"));
  server.On("PUT /apis/v1/topologies/A/pause", Envelope(kDetails));
  server.On("PUT /apis/v1/topologies/B/pause", R"({"status":"FAILED","message":"nope"})", 500);
  Result result = Epoch(server, {"cluster", "pause-all"});
  BOOST_TEST(result.rc == 1);
  BOOST_TEST(result.out == "Topology paused : A\n");
  BOOST_TEST(result.err.find(
                 "Error pausing topology. Error: Epoch call failed with status code: 500") == 0u);
}

BOOST_AUTO_TEST_CASE(import_overwrites_existing_then_creates_new_and_skips) {
  TempFile file(R"([{"id":"OLD","topology":{"name":"OLD"}},{"id":"NEW","topology":{"name":"NEW"}},
                    {"id":"SKIP","topology":{"name":"SKIP"}}])");
  FakeController server;
  server.On("GET /apis/v1/topologies", Envelope(R"([{"id":"OLD"}])"));
  server.On("PUT /apis/v1/topologies", Envelope(kDetails));
  server.On("POST /apis/v1/topologies", Envelope(kDetails));
  server.On("PUT /apis/v1/topologies/OLD/pause", Envelope(kDetails));
  server.On("PUT /apis/v1/topologies/NEW/pause", Envelope(kDetails));
  Result result = Epoch(server, {"cluster", "import", file.path, "--overwrite", "true", "--paused",
                                 "true", "--skip", "SKIP"});
  BOOST_TEST(result.rc == 0, result.err);
  BOOST_TEST(result.out == "Topology updated : OLD\nTopology created : NEW\n");
  BOOST_REQUIRE_EQUAL(server.requests.size(), 5u);
  BOOST_TEST(Json::parse(server.requests[1].body) == Json::parse(R"({"name":"OLD"})"));
  BOOST_TEST(server.requests[2].target == "/apis/v1/topologies/OLD/pause");
  BOOST_TEST(server.requests[3].method == "POST");
}

BOOST_AUTO_TEST_CASE(export_writes_name_dot_json) {
  FakeController server;
  server.On("GET /apis/v1/topologies", Envelope(R"([{"id":"A"}])"));
  char dir[] = "/tmp/epoch-cli-export-XXXXXX";
  BOOST_REQUIRE(mkdtemp(dir) != nullptr);
  const std::string base = std::string(dir) + "/backup";
  Result result = Epoch(server, {"cluster", "export", base});
  BOOST_TEST(result.rc == 0);
  std::ifstream in(base + ".json");
  std::stringstream text;
  text << in.rdbuf();
  BOOST_TEST(Json::parse(text.str()) == Json::parse(R"([{"id":"A"}])"));
  std::remove((base + ".json").c_str());
  rmdir(dir);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch_cli
