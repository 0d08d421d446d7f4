// GET /apis/v1/internal/instances (sibling discovery) and what an app-instance token may reach,
// over a live server (drove-api.md 1.5, 2.7).
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/auth/instance_token.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;
using Headers = std::map<std::string, std::string>;

constexpr const char* kSiblings = "/apis/v1/internal/instances";
constexpr const char* kNotAnInstance =
    "This api is applicable for calls by app instances from inside the cluster only";
constexpr const char* kInvalidToken =
    "Please send valid token for you app instance. The token value is available in the "
    "DROVE_APP_INSTANCE_AUTH_TOKEN environment variable";

json Instance(const std::string& app_id, const std::string& id, const std::string& state,
              const std::string& executor) {
  return {{"appId", app_id},
          {"appName", app_id.substr(0, app_id.rfind('-'))},
          {"instanceId", id},
          {"executorId", executor},
          {"state", state},
          {"localInfo", {{"hostname", "h-" + executor}, {"ports", json::object()}}},
          {"resources", json::array()},
          {"metadata", json::object()},
          {"errorMessage", ""},
          {"created", 1},
          {"updated", 2}};
}

// Two versions of TEST_APP and an unrelated app; the caller is TEST_APP-1/AI-c on ex1.
void FillCluster(FakeCore& core) {
  core.apps["TEST_APP-1"] = {{"id", "TEST_APP-1"}, {"name", "TEST_APP"}};
  core.apps["TEST_APP-2"] = {{"id", "TEST_APP-2"}, {"name", "TEST_APP"}};
  core.apps["OTHER-1"] = {{"id", "OTHER-1"}, {"name", "OTHER"}};
  core.instances["TEST_APP-1"] = json::array({Instance("TEST_APP-1", "AI-c", "HEALTHY", "ex1"),
                                              Instance("TEST_APP-1", "AI-a", "HEALTHY", "ex2"),
                                              Instance("TEST_APP-1", "AI-b", "STOPPED", "ex1"),
                                              Instance("TEST_APP-1", "AI-d", "STARTING", "ex2"),
                                              Instance("TEST_APP-1", "AI-e", "UNREADY", "ex2")});
  core.instances["TEST_APP-2"] = json::array({Instance("TEST_APP-2", "AI-0", "READY", "ex3")});
  core.instances["OTHER-1"] = json::array({Instance("OTHER-1", "AI-1", "HEALTHY", "ex1")});
}

Headers TokenFor(const std::string& app_id, const std::string& instance_id,
                 const std::string& executor_id,
                 const std::string& secret = TestConfig().InstanceAuthSecret()) {
  InstanceTokenManager tokens(secret);
  return {{"App-Instance-Authorization", tokens.Mint({app_id, instance_id, executor_id})}};
}

Headers Caller() { return TokenFor("TEST_APP-1", "AI-c", "ex1"); }

std::vector<std::string> InstanceIds(const json& body) {
  std::vector<std::string> ids;
  for (const auto& i : body["data"]) ids.push_back(i["instanceId"]);
  return ids;
}

std::vector<std::string> SiblingIds(LiveApi& api, const std::string& query) {
  auto r = api.Call("GET", kSiblings + query, "", Caller());
  BOOST_TEST_REQUIRE(r.status == 200);
  json body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "SUCCESS");
  return InstanceIds(body);
}

using Ids = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(controller_api_internal)

BOOST_AUTO_TEST_CASE(siblings_are_the_callers_running_instances_sorted_by_instance_id) {
  LiveApi api;
  FillCluster(api.core);
  auto r = api.Call("GET", kSiblings, "", Caller());
  BOOST_TEST(r.status == 200);
  json body = LiveApi::Body(r);
  BOOST_TEST(body["message"] == "success");
  BOOST_TEST(InstanceIds(body) == Ids({"AI-a", "AI-c", "AI-e"}), boost::test_tools::per_element());
  BOOST_TEST(body["data"][0]["localInfo"]["hostname"] == "h-ex2");
  BOOST_TEST(SiblingIds(api, "?forApp=false") == Ids({"AI-a", "AI-c", "AI-e"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(for_app_lists_every_version_of_the_callers_app_name) {
  LiveApi api;
  FillCluster(api.core);
  for (const char* query : {"?forApp=true", "?forApp=TRUE"}) {
    BOOST_TEST(SiblingIds(api, query) == Ids({"AI-0", "AI-a", "AI-c", "AI-e"}),
               boost::test_tools::per_element());
  }
  // JAX-RS reads anything but "true" as false.
  BOOST_TEST(SiblingIds(api, "?forApp=yes") == Ids({"AI-a", "AI-c", "AI-e"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(states_filter_replaces_the_running_default) {
  LiveApi api;
  FillCluster(api.core);
  BOOST_TEST(SiblingIds(api, "?state=STOPPED&state=HEALTHY") == Ids({"AI-a", "AI-b", "AI-c"}),
             boost::test_tools::per_element());
  BOOST_TEST(SiblingIds(api, "?state=STARTING&forApp=true") == Ids({"AI-d"}),
             boost::test_tools::per_element());
  BOOST_TEST(SiblingIds(api, "?state=LOST").empty());
  // Enum conversion failures are JAX-RS 404s, and state names are case-sensitive.
  BOOST_TEST(api.Call("GET", std::string(kSiblings) + "?state=healthy", "", Caller()).status ==
             404);
}

BOOST_AUTO_TEST_CASE(a_forged_token_is_not_a_credential) {
  LiveApi api;
  FillCluster(api.core);
  auto r = api.Call("GET", kSiblings, "", TokenFor("TEST_APP-1", "AI-c", "ex1", "guessed"));
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.body == "Credentials are required to access this resource.");
  BOOST_TEST(
      api.Call("GET", "/apis/v1/ping", "", {{"App-Instance-Authorization", "x.y.z"}}).status ==
      401);
}

BOOST_AUTO_TEST_CASE(tokens_for_unknown_stopped_or_moved_instances_get_drove_text) {
  LiveApi api;
  FillCluster(api.core);
  // AI-b is TEST_APP-1's STOPPED instance on ex1: its token died with it.
  for (const Headers& headers :
       {TokenFor("TEST_APP-1", "AI-x", "ex1"), TokenFor("TEST_APP-1", "AI-c", "ex2"),
        TokenFor("GONE-1", "AI-c", "ex1"), TokenFor("TEST_APP-1", "AI-b", "ex1")}) {
    auto r = api.Call("GET", kSiblings, "", headers);
    BOOST_TEST(r.status == 200);
    json body = LiveApi::Body(r);
    BOOST_TEST(body["status"] == "FAILED");
    BOOST_TEST(body["message"] == kInvalidToken);
    BOOST_TEST(!body.contains("data"));
  }
}

BOOST_AUTO_TEST_CASE(a_token_lists_its_own_apps_siblings_whatever_it_asks_for) {
  LiveApi api;
  FillCluster(api.core);
  // The token, not the query, names the app; another app's instances are never reachable.
  BOOST_TEST(SiblingIds(api, "?appId=OTHER-1") == Ids({"AI-a", "AI-c", "AI-e"}),
             boost::test_tools::per_element());
  BOOST_TEST(SiblingIds(api, "?forApp=true&appId=OTHER-1") == Ids({"AI-0", "AI-a", "AI-c", "AI-e"}),
             boost::test_tools::per_element());
  for (const char* path :
       {"/apis/v1/applications/OTHER-1/instances", "/apis/v1/applications/OTHER-1/instances/AI-1",
        "/apis/v1/applications/OTHER-1/spec"}) {
    BOOST_TEST(api.Call("GET", path, "", Caller()).status == 403, path);
  }
  // OTHER-1's own token sees OTHER-1 only.
  auto r = api.Call("GET", kSiblings, "", TokenFor("OTHER-1", "AI-1", "ex1"));
  BOOST_TEST(InstanceIds(LiveApi::Body(r)) == Ids({"AI-1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_instance_token_opens_ping_and_discovery_only) {
  LiveApi api;
  FillCluster(api.core);
  auto ping = api.Call("GET", "/apis/v1/ping", "", Caller());
  BOOST_TEST(ping.status == 200);
  BOOST_TEST(LiveApi::Body(ping)["data"] == "pong");
  for (const char* path :
       {"/apis/v1/applications", "/apis/v1/applications/TEST_APP-1/instances", "/apis/v1/cluster",
        "/apis/v1/endpoints", "/apis/v1/tasks", "/apis/v1/cluster/events/summary"}) {
    BOOST_TEST(api.Call("GET", path, "", Caller()).status == 403, path);
  }
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", "{}", Caller()).status == 403);
  BOOST_TEST(api.Call("DELETE", "/apis/v1/tasks/TEST_APP/instances/T1", "", Caller()).status ==
             403);
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", Caller()).status == 403);
  BOOST_TEST(api.core.submitted.empty());
  BOOST_TEST(api.core.messages.empty());
}

BOOST_AUTO_TEST_CASE(users_and_cluster_nodes_may_not_discover) {
  LiveApi api;
  FillCluster(api.core);
  BOOST_TEST(
      api.Call("GET", kSiblings, "", {{"Authorization", BasicAuth("root", "root")}}).status == 403);
  BOOST_TEST(api.Call("GET", kSiblings, "",
                      {{"Cluster-Authorization", "DefaultControllerSecret"}, {"NodeId", "c"}})
                 .status == 403);
  BOOST_TEST(api.Call("GET", kSiblings, "", {}).status == 401);
}

BOOST_AUTO_TEST_CASE(the_handler_itself_refuses_a_principal_that_is_no_instance) {
  FakeCore core;
  api::ControllerApi controller_api(&core, TestConfig(), "test-controller");
  const api::Route* route = nullptr;
  for (const auto& r : controller_api.routes()) {
    if (r.method == "GET" && r.pattern == kSiblings) route = &r;
  }
  BOOST_TEST_REQUIRE(route != nullptr);
  BOOST_TEST((route->access == Access::kAppInstance));
  api::ApiRequest request;
  request.principal = Principal{"root", PrincipalKind::kUser, UserRole::kExternalRoot, {}};
  api::ApiResponse response;
  route->handler(request, [&](api::ApiResponse r) { response = std::move(r); });
  json body = json::parse(response.body);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["message"] == kNotAnInstance);
  controller_api.Stop();
}

BOOST_AUTO_TEST_CASE(with_user_auth_off_a_token_still_names_the_instance) {
  ControllerConfig config = TestConfig();
  config.user_auth_enabled = false;
  config.instance_auth_secret = "configured-secret";
  LiveApi api(config);
  FillCluster(api.core);
  auto r =
      api.Call("GET", kSiblings, "", TokenFor("TEST_APP-1", "AI-c", "ex1", "configured-secret"));
  BOOST_TEST(LiveApi::Body(r)["data"].size() == 3u);
  // A token that fails falls through to the default user, who is no instance (Drove's chain).
  Headers forged = TokenFor("TEST_APP-1", "AI-c", "ex1", "guessed");
  BOOST_TEST(api.Call("GET", kSiblings, "", forged).status == 403);
  BOOST_TEST(api.Call("GET", "/apis/v1/applications", "", forged).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
