// /apis/v1/endpoints and its long-poll (sinceGeneration + waitSeconds) over a live server.
#include <boost/test/unit_test.hpp>

#include <future>

#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

json App(const std::string& name) {
  return {{"appName", name}, {"appId", name + "-1"}, {"vhost", name + ".local"},
          {"hosts", json::array()}};
}

BOOST_AUTO_TEST_SUITE(controller_api_endpoints)

BOOST_AUTO_TEST_CASE(plain_endpoints_carry_the_generation_header_and_filter_by_app) {
  LiveApi api;
  api.core.endpoints = json::array({App("a"), App("b")});
  auto r = api.Call("GET", "/apis/v1/endpoints");
  BOOST_TEST(r.headers["x-drove-endpoints-generation"] == "1");
  BOOST_TEST(LiveApi::Body(r)["data"].size() == 2u);
  BOOST_TEST(LiveApi::Body(api.Call("GET", "/apis/v1/endpoints?app=b"))["data"].size() == 1u);
  auto one = api.Call("GET", "/apis/v1/endpoints/app/a");
  BOOST_TEST(LiveApi::Body(one)["data"][0]["appName"] == "a");
  BOOST_TEST(one.headers.count("x-drove-endpoints-generation") == 1u);
}

BOOST_AUTO_TEST_CASE(long_poll_returns_at_once_on_a_stale_generation) {
  LiveApi api;
  auto start = Clock::now();
  auto r = api.Call("GET", "/apis/v1/endpoints?sinceGeneration=0&waitSeconds=30");
  BOOST_TEST(r.status == 200);
  BOOST_TEST((Clock::now() - start < std::chrono::seconds(2)));
  BOOST_TEST(r.headers["x-drove-endpoints-generation"] == "1");
}

BOOST_AUTO_TEST_CASE(long_poll_waits_then_returns_on_change) {
  LiveApi api;
  auto start = Clock::now();
  auto pending = std::async(std::launch::async, [&] {
    return api.Call("GET", "/apis/v1/endpoints?sinceGeneration=1&waitSeconds=20");
  });
  BOOST_TEST((pending.wait_for(std::chrono::milliseconds(500)) == std::future_status::timeout));
  api.core.ChangeEndpoints(json::array({App("a")}));
  auto r = pending.get();
  BOOST_TEST((Clock::now() - start < std::chrono::seconds(5)));
  BOOST_TEST(r.headers["x-drove-endpoints-generation"] == "2");
  BOOST_TEST(LiveApi::Body(r)["data"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(long_poll_returns_the_current_view_on_timeout) {
  LiveApi api;
  api.core.endpoints = json::array({App("a")});
  auto start = Clock::now();
  auto r = api.Call("GET", "/apis/v1/endpoints?sinceGeneration=1&waitSeconds=1");
  auto waited = Clock::now() - start;
  BOOST_TEST((waited >= std::chrono::milliseconds(900)));
  BOOST_TEST((waited < std::chrono::seconds(4)));
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.headers["x-drove-endpoints-generation"] == "1");
  BOOST_TEST(LiveApi::Body(r)["data"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_generation_is_404) {
  LiveApi api;
  BOOST_TEST(api.Call("GET", "/apis/v1/endpoints?sinceGeneration=x&waitSeconds=1").status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
