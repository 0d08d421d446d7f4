// Controller API routing: literal segments beat templates, repeatable filters, paging, 404/405,
// writes off the HTTP loop.
#include <boost/test/unit_test.hpp>

#include <future>

#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

json Instance(const std::string& id, const std::string& state) {
  return {{"appId", "A-1"}, {"instanceId", id}, {"state", state}, {"errorMessage", ""}};
}

void AddInstances(FakeCore& core) {
  core.instances["A-1"] = json::array({Instance("AI-1", "HEALTHY"), Instance("AI-2", "STARTING"),
                                       Instance("AI-3", "STOPPED"), Instance("AI-4", "LOST"),
                                       Instance("old", "HEALTHY")});
}

BOOST_AUTO_TEST_SUITE(controller_api_routing)

BOOST_AUTO_TEST_CASE(instances_old_is_the_old_list_not_an_instance) {
  LiveApi api;
  AddInstances(api.core);
  auto old = LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances/old"));
  BOOST_TEST(old["status"] == "SUCCESS");
  BOOST_REQUIRE(old["data"].is_array());
  BOOST_TEST(old["data"].size() == 2u);
  BOOST_TEST(old["data"][0]["instanceId"] == "AI-3");
  auto one = LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances/AI-2"));
  BOOST_TEST(one["data"]["instanceId"] == "AI-2");
}

BOOST_AUTO_TEST_CASE(old_instances_page_with_start_and_size) {
  LiveApi api;
  AddInstances(api.core);
  auto page = LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances/old?start=1&size=5"));
  BOOST_TEST(page["data"].size() == 1u);
  BOOST_TEST(page["data"][0]["instanceId"] == "AI-4");
}

BOOST_AUTO_TEST_CASE(state_filter_is_a_repeatable_case_sensitive_set) {
  LiveApi api;
  AddInstances(api.core);
  auto all = LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances"));
  BOOST_TEST(all["data"].size() == 3u);
  auto healthy = LiveApi::Body(api.Call("GET", "/apis/v1/applications/A-1/instances?state=HEALTHY"));
  BOOST_TEST(healthy["data"].size() == 2u);
  auto both = LiveApi::Body(
      api.Call("GET", "/apis/v1/applications/A-1/instances?state=HEALTHY&state=STARTING"));
  BOOST_TEST(both["data"].size() == 3u);
  BOOST_TEST(api.Call("GET", "/apis/v1/applications/A-1/instances?state=healthy").status == 404);
}

BOOST_AUTO_TEST_CASE(list_apps_pages_with_from_and_size) {
  LiveApi api;
  api.core.apps["A-1"] = {{"id", "A-1"}};
  api.core.apps["B-1"] = {{"id", "B-1"}};
  auto body = LiveApi::Body(api.Call("GET", "/apis/v1/applications?from=1&size=1"));
  BOOST_TEST(body["data"] == json({{"B-1", {{"id", "B-1"}}}}));
  BOOST_TEST(api.Call("GET", "/apis/v1/applications?size=x").status == 404);
}

BOOST_AUTO_TEST_CASE(a_write_waiting_on_the_core_does_not_hold_up_reads) {
  LiveApi api;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  api.core.before_submit = [&entered, released] {
    entered.set_value();
    released.wait();
  };
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  auto write = std::async(std::launch::async, [&] {
    return api.Call("POST", "/apis/v1/applications/operations", op.dump()).status;
  });
  entered.get_future().wait();  // the write is inside the core now
  int read_status = 0;
  try {
    read_status = api.Call("GET", "/apis/v1/applications", "",
                           {{"Authorization", BasicAuth("admin", "admin")}},
                           std::chrono::seconds(2))
                      .status;
  } catch (const std::exception& e) {
    BOOST_TEST_MESSAGE("read failed: " << e.what());
  }
  const bool write_pending =
      write.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout;
  release.set_value();
  BOOST_TEST(read_status == 200);
  BOOST_TEST(write_pending);
  BOOST_TEST(write.get() == 200);
}

BOOST_AUTO_TEST_CASE(unknown_route_is_404_and_wrong_method_is_405) {
  LiveApi api;
  BOOST_TEST(api.Call("GET", "/apis/v1/nothing/here").status == 404);
  BOOST_TEST(api.Call("DELETE", "/apis/v1/ping").status == 405);
}

BOOST_AUTO_TEST_CASE(a_follower_lists_the_controllers_with_host_and_port) {
  LiveApi api;
  api.core.leader = false;
  api.core.controllers = {{"c1.example:4000", true, false}, {"c2.example:4001", false, true}};
  auto list = LiveApi::Body(api.Call("GET", "/apis/v1/cluster/controllers"));
  BOOST_TEST(list["status"] == "SUCCESS");
  BOOST_REQUIRE(list["data"].is_array());
  BOOST_REQUIRE(list["data"].size() == 2u);
  BOOST_TEST(list["data"][0] == json({{"id", "c1.example:4000"}, {"hostname", "c1.example"},
                                      {"port", 4000}, {"leader", true}, {"self", false}}));
  BOOST_TEST(list["data"][1]["self"] == true);
  BOOST_TEST(list["data"][1]["port"] == 4001);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
