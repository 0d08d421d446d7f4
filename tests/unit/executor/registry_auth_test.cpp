// dockerAuth: which registry an image comes from, and the X-Registry-Auth header for its pull.
#include "orchestrator/executor/engine/registry_auth.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "orchestrator/core/util/base64.h"
#include "orchestrator/executor/engine/docker_engine.h"
#include "tests/unit/net/raw_server.h"

namespace drove::executor {
namespace {

BOOST_AUTO_TEST_SUITE(registry_auth)

BOOST_AUTO_TEST_CASE(registry_is_the_host_part_or_docker_hub) {
  BOOST_TEST(RegistryOf("nginx:1.25") == "docker.io");
  BOOST_TEST(RegistryOf("library/nginx") == "docker.io");
  BOOST_TEST(RegistryOf("ghcr.io/appform-io/test-task:latest") == "ghcr.io");
  BOOST_TEST(RegistryOf("registry.local:5000/team/app:1") == "registry.local:5000");
  BOOST_TEST(RegistryOf("localhost/app") == "localhost");
}

BOOST_AUTO_TEST_CASE(header_carries_the_registry_credentials_and_none_for_others) {
  RegistryAuth auth{{"ghcr.io", {"robot", "p+ss/word?"}}};
  BOOST_TEST(RegistryAuthHeader(auth, "nginx:1").empty());
  std::string header = RegistryAuthHeader(auth, "ghcr.io/org/app:2");
  BOOST_TEST(header.find_first_of("+/") == std::string::npos);
  for (char& c : header) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  auto decoded = core::Base64Decode(header);
  BOOST_TEST_REQUIRE(decoded.has_value());
  nlohmann::json body = nlohmann::json::parse(*decoded);
  BOOST_TEST(body["username"] == "robot");
  BOOST_TEST(body["password"] == "p+ss/word?");
  BOOST_TEST(body["serveraddress"] == "ghcr.io");
}

BOOST_AUTO_TEST_CASE(pull_from_a_configured_registry_sends_x_registry_auth) {
  const std::string socket = "/tmp/drove_registry_auth_test.sock";
  test::RawServer server({{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"}},
                         false, socket);
  RegistryAuth auth{{"ghcr.io", {"robot", "pw"}}};
  DockerEngine engine(socket, auth);
  core::Status pulled = engine.PullImage("ghcr.io/org/app:2", std::chrono::seconds(5));
  BOOST_TEST_REQUIRE(pulled.ok(), pulled.message());
  const std::string expected = "X-Registry-Auth: " + RegistryAuthHeader(auth, "ghcr.io/org/app:2");
  BOOST_TEST(server.request().find(expected) != std::string::npos, server.request());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::executor
