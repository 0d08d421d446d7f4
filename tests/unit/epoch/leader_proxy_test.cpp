// What a follower sends to the leader and passes back (Epoch's LeaderRoutingFilter).
#include "orchestrator/epoch/api/leader_proxy.h"

#include <boost/test/unit_test.hpp>

namespace drove::epoch::api {
namespace {

core::Request Call(const std::string& method, const std::string& path) {
  core::Request request;
  request.method = method;
  request.path = path;
  request.body = R"({"name":"T"})";
  request.headers = {{"Authorization", "Basic YWRtaW46YWRtaW4="},
                     {"Content-Type", "application/json"},
                     {"Host", "follower:8080"},
                     {"Content-Length", "12"},
                     {"Connection", "keep-alive"},
                     {"Accept-Encoding", "gzip"},
                     {"Transfer-Encoding", "chunked"},
                     {"Vary", "Accept"},
                     {"Cookie", "a=1"},
                     {"Cookie", "b=2"}};
  return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(leader_proxy)

BOOST_AUTO_TEST_CASE(a_put_keeps_method_path_query_body_and_end_to_end_headers) {
  core::Request request = Call("PUT", "/apis/v1/topologies/T/run");
  request.query = {{"state", "RUNNING"}, {"state", "FAILED"}};
  auto out = ProxiedRequest(request);
  BOOST_TEST_REQUIRE(out.ok(), out.error());
  BOOST_TEST(out->method == "PUT");
  BOOST_TEST(out->target == "/apis/v1/topologies/T/run?state=RUNNING&state=FAILED");
  BOOST_TEST(out->body == R"({"name":"T"})");
  const std::map<std::string, std::string> expected = {{"Authorization", "Basic YWRtaW46YWRtaW4="},
                                                       {"Content-Type", "application/json"},
                                                       {"Cookie", "a=1; b=2"},
                                                       {"X-Epoch-Forwarded", "true"}};
  BOOST_TEST((out->headers == expected));
}

BOOST_AUTO_TEST_CASE(get_and_delete_carry_no_body) {
  for (const std::string method : {"GET", "DELETE"}) {
    auto out = ProxiedRequest(Call(method, "/apis/v1/topologies/T"));
    BOOST_TEST_REQUIRE(out.ok(), out.error());
    BOOST_TEST(out->body.empty());
    BOOST_TEST(out->target == "/apis/v1/topologies/T");
  }
}

BOOST_AUTO_TEST_CASE(the_ui_prefix_is_stripped) {
  auto out = ProxiedRequest(Call("POST", "/apis/ui/topologies/create"));
  BOOST_TEST_REQUIRE(out.ok(), out.error());
  BOOST_TEST(out->target == "/topologies/create");
  auto housekeeping = ProxiedRequest(Call("GET", "/apis/housekeeping/v1/leader"));
  BOOST_TEST(housekeeping->target == "/apis/housekeeping/v1/leader");
}

BOOST_AUTO_TEST_CASE(other_methods_are_refused_as_epoch_does) {
  auto out = ProxiedRequest(Call("PATCH", "/apis/v1/topologies/T"));
  BOOST_TEST_REQUIRE(!out.ok());
  BOOST_TEST(out.error() == "Request proxying for PATCH is unsupported");
}

BOOST_AUTO_TEST_CASE(reply_headers_lose_hop_by_hop_ones_and_content_type) {
  const std::map<std::string, std::string> leader = {{"content-type", "application/json"},
                                                     {"content-length", "10"},
                                                     {"connection", "close"},
                                                     {"vary", "Accept-Encoding"},
                                                     {"www-authenticate", "Basic realm=\"realm\""},
                                                     {"date", "Sun, 06 Dec 2026 08:00:00 GMT"}};
  const core::HeaderList expected = {{"date", "Sun, 06 Dec 2026 08:00:00 GMT"},
                                     {"www-authenticate", "Basic realm=\"realm\""}};
  BOOST_TEST((ProxiedReplyHeaders(leader) == expected));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch::api
