// Controller API authentication and roles over a live server: 401 / 403 / 200 paths (drove-api.md 1.5).
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/api_test_specs.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;
using Headers = std::map<std::string, std::string>;

Headers User(const std::string& name) { return {{"Authorization", BasicAuth(name, name)}}; }

BOOST_AUTO_TEST_SUITE(controller_api_auth)

BOOST_AUTO_TEST_CASE(missing_or_wrong_credentials_get_401_with_basic_challenge) {
  LiveApi api;
  for (const Headers& headers : {Headers{}, Headers{{"Authorization", BasicAuth("admin", "nope")}},
                                 Headers{{"Authorization", "Bearer abc"}},
                                 Headers{{"Cluster-Authorization", "wrong"}, {"NodeId", "x"}}}) {
    auto r = api.Call("GET", "/apis/v1/ping", "", headers);
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.headers["www-authenticate"] == "Basic realm=\"realm\"");
    BOOST_TEST(r.body == "Credentials are required to access this resource.");
  }
}

// The router answers HEAD with the GET route; the filter judges it as that GET (it once let HEAD
// through unauthenticated).
BOOST_AUTO_TEST_CASE(head_is_judged_as_its_get) {
  LiveApi api;
  BOOST_TEST(api.Call("HEAD", "/apis/v1/applications", "", Headers{}).status == 401);
  BOOST_TEST(api.Call("HEAD", "/apis/v1/applications", "", User("guest")).status == 200);
  BOOST_TEST(api.Call("HEAD", "/apis/v1/logfiles/applications/A-1/AI-1/list", "", User("maint"))
                 .status == 403);
}

BOOST_AUTO_TEST_CASE(a_standby_answers_every_call_400_not_leader_after_auth_and_roles) {
  LiveApi api;
  api.core.leader = false;
  for (const char* path : {"/apis/v1/ping", "/apis/v1/applications", "/apis/v1/cluster",
                           "/apis/v1/endpoints"}) {
    auto r = api.Call("GET", path, "", User("guest"));
    BOOST_TEST(r.status == 400, path);
    BOOST_TEST(LiveApi::Body(r)["message"] == "This node is not the leader controller", path);
  }
  // Authentication and roles are judged first, as Drove's filters do.
  BOOST_TEST(api.Call("GET", "/apis/v1/ping", "", Headers{}).status == 401);
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("guest")).status ==
             403);
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("admin")).status ==
             400);
  BOOST_TEST(api.core.submitted.empty());
  api.core.leader = true;
  BOOST_TEST(api.Call("GET", "/apis/v1/ping", "", User("guest")).status == 200);
}

BOOST_AUTO_TEST_CASE(read_only_user_reads_but_cannot_operate) {
  LiveApi api;
  BOOST_TEST(api.Call("GET", "/apis/v1/applications", "", User("guest")).status == 200);
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("guest")).status ==
             403);
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations/A-1/cancel", "", User("guest")).status ==
             403);
  BOOST_TEST(api.Call("POST", "/apis/v1/operations", op.dump(), User("maint")).status == 403);
  BOOST_TEST(api.core.submitted.empty());
}

BOOST_AUTO_TEST_CASE(read_write_and_root_may_operate) {
  LiveApi api;
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("admin")).status == 200);
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), User("root")).status == 200);
  BOOST_TEST(api.core.submitted.size() == 2u);
}

BOOST_AUTO_TEST_CASE(role_check_comes_before_body_parsing) {
  LiveApi api;
  BOOST_TEST(api.Call("POST", "/apis/v1/tasks/operations", "{garbage", User("guest")).status == 403);
  BOOST_TEST(api.Call("POST", "/apis/v1/tasks/operations", "{garbage", {}).status == 401);
}

BOOST_AUTO_TEST_CASE(messages_need_a_cluster_node) {
  LiveApi api;
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", User("root")).status == 403);
  Headers node = {{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e1"}};
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", node).status == 200);
}

BOOST_AUTO_TEST_CASE(cluster_nodes_may_read_but_not_operate) {
  LiveApi api;
  Headers node = {{"Cluster-Authorization", "DefaultControllerSecret"}, {"NodeId", "c1"}};
  BOOST_TEST(api.Call("GET", "/apis/v1/ping", "", node).status == 200);
  BOOST_TEST(api.Call("POST", "/apis/v1/operations", "{}", node).status == 403);
}

BOOST_AUTO_TEST_CASE(logfiles_need_a_user_role_other_than_maintenance) {
  LiveApi api;
  const std::string path = "/apis/v1/logfiles/applications/A-1/AI-1/list";
  BOOST_TEST(api.Call("GET", path, "", User("maint")).status == 403);
  BOOST_TEST(api.Call("GET", path, "", User("guest")).status == 204);  // nothing to resolve
}

BOOST_AUTO_TEST_CASE(disabled_user_auth_makes_everyone_root) {
  ControllerConfig config = TestConfig();
  config.user_auth_enabled = false;
  LiveApi api(config);
  json op = {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", OpSpec()}};
  BOOST_TEST(api.Call("GET", "/apis/v1/ping", "", {}).status == 200);
  BOOST_TEST(api.Call("POST", "/apis/v1/applications/operations", op.dump(), {}).status == 200);
  BOOST_TEST(api.Call("POST", "/apis/v1/messages", R"({"type":"X"})", {}).status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
