// The HTTPCallSpec fetch shared by controller and executor: request shape, auth, success codes.
#include "orchestrator/core/fetch/config_fetch.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/util/base64.h"
#include "tests/unit/net/raw_server.h"

namespace drove::core {
namespace {

std::string Reply(int code, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(code) +
         " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

HttpCallSpec Loopback(int port) {
  HttpCallSpec http;
  http.hostname = "127.0.0.1";
  http.port = port;
  return http;
}

BOOST_AUTO_TEST_SUITE(config_fetch)

BOOST_AUTO_TEST_CASE(fetch_sends_verb_path_payload_headers_and_basic_auth) {
  test::RawServer server({{Reply(200, "a=1\n")}});
  HttpCallSpec http = Loopback(server.port());
  http.path = "/configs/app";
  http.verb = HttpVerb::kPost;
  http.payload = "q";
  http.username = "user";
  http.password = "pw";
  http.headers = std::map<std::string, std::string>{{"X-Env", "prod"}};
  auto body = FetchHttpConfig(http);
  BOOST_TEST_REQUIRE(body.ok(), body.error());
  BOOST_TEST(*body == "a=1\n");
  const std::string request = server.request();
  BOOST_TEST(request.find("POST /configs/app HTTP/1.1") != std::string::npos);
  BOOST_TEST(request.find("Authorization: Basic " + Base64Encode("user:pw")) != std::string::npos);
  BOOST_TEST(request.find("X-Env: prod") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(auth_header_is_sent_as_given_instead_of_basic_auth) {
  test::RawServer server({{Reply(200, "x")}});
  HttpCallSpec http = Loopback(server.port());
  http.username = "user";
  http.auth_header = "Bearer t0k";
  BOOST_TEST_REQUIRE(FetchHttpConfig(http).ok());
  BOOST_TEST(server.request().find("Authorization: Bearer t0k") != std::string::npos);
  BOOST_TEST(server.request().find("GET / HTTP/1.1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_listed_success_codes_count_as_success) {
  {
    test::RawServer server({{Reply(404, "missing")}});
    auto body = FetchHttpConfig(Loopback(server.port()));
    BOOST_REQUIRE(!body.ok());
    BOOST_TEST(body.error().find("returned 404") != std::string::npos);
  }
  test::RawServer server({{Reply(404, "fallback")}});
  HttpCallSpec http = Loopback(server.port());
  http.success_codes = std::vector<int32_t>{200, 404};
  BOOST_TEST(FetchHttpConfig(http).value() == "fallback");
}

BOOST_AUTO_TEST_CASE(unreachable_source_is_an_error_naming_it) {
  int port = 0;
  ::close(test::ListenOnLoopback(&port));
  auto body = FetchHttpConfig(Loopback(port));
  BOOST_REQUIRE(!body.ok());
  BOOST_TEST(body.error().find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
