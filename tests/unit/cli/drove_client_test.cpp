// Unit tests for envelope handling, error lines, auth headers, tail offsets and wait bookkeeping.
#include "orchestrator/cli/drove_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "orchestrator/cli/log_tail.h"
#include "orchestrator/cli/wait.h"

namespace drove::cli {
namespace {

std::string ErrorLine(int status, const std::string& body) {
  try {
    HandleEnvelope(status, body);
  } catch (const DroveError& error) {
    return FormatDroveError(error);
  }
  return "no error";
}

// A loopback port nothing listens on (bound once to find it, then closed).
std::string ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(addr);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return std::to_string(ntohs(addr.sin_port));
}

// A POST: the transport does not retry it, so a refused connection answers at once.
core::Result<core::HttpResponse> PostThrough(const std::string& endpoints) {
  std::string prefix;
  auto transport = MakeHttpTransport(endpoints, core::TlsConfig{}, &prefix);
  BOOST_REQUIRE(transport.ok());
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/apis/v1/localservices/operations";
  request.body = "{}";
  return transport.value()(request);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_drove_client)

BOOST_AUTO_TEST_CASE(controller_that_does_not_answer_is_named_in_the_error) {
  const std::string one = "127.0.0.1:" + ClosedPort();
  auto single = PostThrough("http://" + one);
  BOOST_REQUIRE(!single.ok());
  BOOST_TEST(single.error().find(one) != std::string::npos);
  BOOST_TEST(single.error().find('\n') == std::string::npos);

  const std::string two = "127.0.0.1:" + ClosedPort();
  auto both = PostThrough("http://" + one + ",http://" + two);
  BOOST_REQUIRE(!both.ok());
  BOOST_TEST(both.error() == "no controller answered as leader (asked " + one + ", " + two + ")");
}

BOOST_AUTO_TEST_CASE(success_returns_data_or_whole_body) {
  BOOST_TEST(HandleEnvelope(200, R"({"status":"SUCCESS","data":"pong","message":"success"})") ==
             "pong");
  Json body = HandleEnvelope(200, R"({"status":"SUCCESS","message":"success"})");
  BOOST_TEST(body["message"] == "success");
}

BOOST_AUTO_TEST_CASE(validation_failure_lists_every_error_on_one_line) {
  std::string line = ErrorLine(
      400, R"({"status":"FAILED","data":{"validationErrors":["a is bad","b is worse"]},)"
           R"("message":"Command validation failure"})");
  BOOST_TEST(line == "Error: [400 - FAILED] Command validation failure: a is bad; b is worse");
}

BOOST_AUTO_TEST_CASE(soft_failure_on_http_200_is_an_error) {
  BOOST_TEST(ErrorLine(200, R"({"status":"FAILED","message":"App X not found"})") ==
             "Error: [200 - FAILED] App X not found");
}

BOOST_AUTO_TEST_CASE(non_json_and_missing_status_are_errors) {
  BOOST_TEST(ErrorLine(401, "Credentials are required to access this resource.") ==
             "Error making Drove call: Drove call failed with status code: 401, error: "
             "Credentials are required to access this resource.");
  BOOST_TEST(ErrorLine(200, R"({"files":[]})") == R"(Error making Drove call: {"files":[]})");
  BOOST_TEST(ErrorLine(200, "") ==
             "Error making Drove call: Drove call failed with status code: 200");
}

BOOST_AUTO_TEST_CASE(auth_prefers_basic_then_header) {
  ConnectionSettings settings;
  BOOST_TEST(AuthHeaders(settings).empty());
  settings.auth_header = "Bearer x";
  BOOST_TEST(AuthHeaders(settings)["Authorization"] == "Bearer x");
  settings.username = "admin";
  settings.password = "admin";
  BOOST_TEST(AuthHeaders(settings)["Authorization"] == "Basic YWRtaW46YWRtaW4=");
}

BOOST_AUTO_TEST_CASE(segments_are_percent_encoded) {
  BOOST_TEST(EncodeSegment("APP-1_x.y") == "APP-1_x.y");
  BOOST_TEST(EncodeSegment("a b/c") == "a%20b%2Fc");
}

BOOST_AUTO_TEST_CASE(tail_starts_at_file_size_then_advances_by_data_length) {
  TailCursor cursor;
  BOOST_TEST(cursor.offset() == -1);
  BOOST_TEST(cursor.Advance(Json{{"data", ""}, {"offset", 1000}}).empty());
  BOOST_TEST(cursor.offset() == 1000);
  // The server echoes the requested offset; the cursor adds the length itself.
  BOOST_TEST(cursor.Advance(Json{{"data", "hello\n"}, {"offset", 1000}}) == "hello\n");
  BOOST_TEST(cursor.offset() == 1006);
  cursor.Advance(Json{{"data", ""}, {"offset", 1006}});
  BOOST_TEST(cursor.offset() == 1006);
  cursor.Advance(Json{{"data", "ab"}, {"offset", 1006}});
  BOOST_TEST(cursor.offset() == 1008);
}

BOOST_AUTO_TEST_CASE(skip_chars_cuts_each_line) {
  BOOST_TEST(SkipChars("2024 one\n2024 two\n", 5) == "one\ntwo\n");
  BOOST_TEST(SkipChars("ab\nlonger\n", 3) == "\nger\n");
  BOOST_TEST(SkipChars("x", 0) == "x");
}

BOOST_AUTO_TEST_CASE(instance_state_changes_are_reported_once) {
  std::map<std::string, std::string> known;
  Json first = Json::parse(R"([{"instanceId":"AI-1","state":"PENDING"}])");
  BOOST_TEST(InstanceStateChanges(&known, first) ==
             std::vector<std::string>{"instance AI-1 PENDING"});
  BOOST_TEST(InstanceStateChanges(&known, first).empty());
  Json second = Json::parse(
      R"([{"instanceId":"AI-1","state":"HEALTHY"},{"instanceId":"AI-2","state":"STARTING"}])");
  BOOST_TEST(InstanceStateChanges(&known, second) ==
             (std::vector<std::string>{"instance AI-1 HEALTHY", "instance AI-2 STARTING"}));
  BOOST_TEST(InstanceStateChanges(&known, Json::array()) ==
             (std::vector<std::string>{"instance AI-1 GONE", "instance AI-2 GONE"}));
}

BOOST_AUTO_TEST_CASE(healthy_and_listed_counts) {
  Json instances = Json::parse(
      R"([{"instanceId":"AI-1","state":"HEALTHY"},{"instanceId":"AI-2","state":"STOPPING"}])");
  BOOST_TEST(HealthyCount(instances) == 1);
  BOOST_TEST(CountListed(instances, {"AI-1", "AI-2", "AI-3"}, false) == 2);
  BOOST_TEST(CountListed(instances, {"AI-1", "AI-2"}, true) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli
