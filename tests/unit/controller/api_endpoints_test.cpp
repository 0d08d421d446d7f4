// The endpoints view (EndpointsView: Drove's host fields plus portName), and /apis/v1/endpoints with
// its long-poll (sinceGeneration + waitSeconds) over a live server.
#include <boost/test/unit_test.hpp>

#include <future>

#include "orchestrator/controller/model/endpoints.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

json App(const std::string& name) {
  return {{"appName", name}, {"appId", name + "-1"}, {"vhost", name + ".local"},
          {"hosts", json::array()}};
}

// A running app exposing port `web` (HTTP) on web.local, as stored.
AppRecord ExposedApp() {
  AppRecord app;
  app.app_id = "WEB-1";
  app.state = core::ApplicationState::kRunning;
  app.spec = {{"name", "WEB"},
              {"exposedPorts", {{{"name", "web"}, {"port", 8000}, {"type", "HTTP"}}}},
              {"exposureSpec", {{"vhost", "web.local"}, {"portName", "web"}, {"mode", "ALL"}}}};
  return app;
}

json Instance(const std::string& state, int64_t created, int host_port) {
  json port{{"containerPort", 8000}, {"hostPort", host_port}, {"portType", "HTTP"}};
  return {{"state", state},
          {"created", created},
          {"localInfo", {{"hostname", "ex1"}, {"ports", {{"web", port}}}}}};
}

BOOST_AUTO_TEST_SUITE(controller_api_endpoints)

BOOST_AUTO_TEST_CASE(view_hosts_carry_drove_fields_plus_the_port_name) {
  std::map<std::string, AppRecord> apps{{"WEB-1", ExposedApp()}};
  InstancesByApp instances{{"WEB-1",
                            {{"AI-2", Instance("HEALTHY", 20, 32002)},
                             {"AI-1", Instance("HEALTHY", 10, 32001)},
                             {"AI-3", Instance("UNHEALTHY", 5, 32003)}}}};
  EndpointsView view;
  BOOST_TEST(view.Refresh(apps, instances, TouchedApps{.all = true, .ids = {}}));
  json items = view.ToJson();
  BOOST_REQUIRE(items.size() == 1u);
  BOOST_TEST(items[0]["vhost"] == "web.local");
  BOOST_TEST(items[0]["hosts"] ==
             json::parse(R"([{"host":"ex1","port":32001,"portType":"HTTP","portName":"web"},
                             {"host":"ex1","port":32002,"portType":"HTTP","portName":"web"}])"));
}

BOOST_AUTO_TEST_CASE(view_changes_when_the_exposed_port_is_renamed) {
  std::map<std::string, AppRecord> apps{{"WEB-1", ExposedApp()}};
  json renamed = Instance("HEALTHY", 10, 32001);
  renamed["localInfo"]["ports"] = {{"api", renamed["localInfo"]["ports"]["web"]}};
  InstancesByApp instances{{"WEB-1", {{"AI-1", renamed}}}};
  EndpointsView view;
  view.Refresh(apps, instances, TouchedApps{.all = true, .ids = {}});
  BOOST_TEST(view.ToJson()[0]["hosts"].empty());  // no instance carries port `web`
  apps["WEB-1"].spec["exposedPorts"][0]["name"] = "api";
  apps["WEB-1"].spec["exposureSpec"]["portName"] = "api";
  BOOST_TEST(view.Refresh(apps, instances, TouchedApps{.all = false, .ids = {"WEB-1"}}));
  BOOST_TEST(view.ToJson()[0]["hosts"][0]["portName"] == "api");
}

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
