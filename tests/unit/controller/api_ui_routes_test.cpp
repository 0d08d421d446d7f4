// The operator UI over a live server: files with ETags and security headers, history routing,
// Drove's page URLs, followers sending browsers to the leader, the UI config, and browser writes
// from other sites refused by the API filter.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "orchestrator/controller/api/ui_routes.h"
#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

// A UI directory with an index page and one script, removed with the test.
struct UiDir {
  UiDir() {
    char name[] = "/tmp/drove-ui-routes-XXXXXX";
    path = mkdtemp(name);
    std::filesystem::create_directories(path + "/js");
    std::ofstream(path + "/index.html") << "<!doctype html><main id=page></main>";
    std::ofstream(path + "/js/main.js") << "export const x = 1;";
  }
  ~UiDir() { std::filesystem::remove_all(path); }
  std::string path;
};

ControllerConfig UiConfig(const UiDir& dir) {
  ControllerConfig config = TestConfig();
  config.ui.directory = dir.path;
  config.ui.installation = UiInstallation{"payments-prod", "PRODUCTION"};
  return config;
}

void CheckSecurityHeaders(const core::HttpResponse& r, const std::string& what) {
  BOOST_TEST(
      r.headers.at("content-security-policy") == "default-src 'self'; frame-ancestors 'none'",
      what);
  BOOST_TEST(r.headers.at("x-content-type-options") == "nosniff", what);
  BOOST_TEST(r.headers.at("referrer-policy") == "same-origin", what);
}

BOOST_AUTO_TEST_SUITE(api_ui_routes)

BOOST_AUTO_TEST_CASE(files_carry_type_etag_and_revalidate) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  auto r = api.Call("GET", "/ui/js/main.js");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.body == "export const x = 1;");
  BOOST_TEST(r.headers.at("content-type") == "text/javascript; charset=utf-8");
  BOOST_TEST(r.headers.at("cache-control") == "no-cache");
  CheckSecurityHeaders(r, "main.js");
  const std::string etag = r.headers.at("etag");
  auto again = api.Call("GET", "/ui/js/main.js", "",
                        {{"Authorization", BasicAuth("guest", "guest")}, {"If-None-Match", etag}});
  BOOST_TEST(again.status == 304);
  BOOST_TEST(again.body.empty());
  BOOST_TEST(again.headers.at("etag") == etag);
}

BOOST_AUTO_TEST_CASE(pages_serve_the_index_and_unknown_files_are_404) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  for (const char* page : {"/ui/", "/ui/apps/A-1/instances/AI-1", "/ui/events?type=X",
                           "/ui/logs/applications/A-1/AI-1/output.log"}) {
    auto r = api.Call("GET", page);
    BOOST_TEST(r.status == 200, page);
    BOOST_TEST(r.headers.at("content-type") == "text/html; charset=utf-8", page);
    BOOST_TEST(r.body.find("id=page") != std::string::npos, page);
    CheckSecurityHeaders(r, page);
  }
  auto missing = api.Call("GET", "/ui/js/nope.js");
  BOOST_TEST(missing.status == 404);
  CheckSecurityHeaders(missing, "nope.js");
  BOOST_TEST(api.Call("GET", "/ui/../secret.txt").status != 200);
}

BOOST_AUTO_TEST_CASE(drove_page_urls_answer_303) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  const std::pair<const char*, const char*> cases[] = {
      {"/", "/ui/"},
      {"/ui", "/ui/"},
      {"/dashboard", "/ui/"},
      {"/applications/A-1", "/ui/apps/A-1"},
      {"/ui/applications/A-1", "/ui/apps/A-1"},
      {"/applications/A-1/instances/AI-1/stream?logFileName=output.log",
       "/ui/logs/applications/A-1/AI-1/output.log"},
      {"/executors/E-1", "/ui/executors/E-1"},
  };
  for (const auto& [from, to] : cases) {
    auto r = api.Call("GET", from);
    BOOST_TEST(r.status == 303, from);
    BOOST_TEST(r.headers["location"] == to, from);
  }
}

BOOST_AUTO_TEST_CASE(a_follower_sends_pages_to_the_leader_and_serves_files_itself) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  api.core.leader = false;
  auto none = api.Call("GET", "/ui/apps");
  BOOST_TEST(none.status == 503);
  BOOST_TEST(none.headers.at("retry-after") == "5");
  {
    std::lock_guard lock(api.core.mutex);
    api.core.leader_node_id = "test-controller";  // itself: still no leader to send to
  }
  BOOST_TEST(api.Call("GET", "/ui/apps").status == 503);
  {
    std::lock_guard lock(api.core.mutex);
    api.core.leader_node_id = "c2.example:4001";
  }
  auto page = api.Call("GET", "/ui/events?type=APP_STATE_CHANGE");
  BOOST_TEST(page.status == 303);
  BOOST_TEST(page.headers["location"] == "http://c2.example:4001/ui/events?type=APP_STATE_CHANGE");
  auto alias = api.Call("GET", "/applications/A-1");
  BOOST_TEST(alias.headers["location"] == "http://c2.example:4001/applications/A-1");
  BOOST_TEST(api.Call("GET", "/ui/js/main.js").status == 200);
}

BOOST_AUTO_TEST_CASE(ui_needs_an_authenticated_user) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  auto r = api.Call("GET", "/ui/", "", {});
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.headers.at("www-authenticate").rfind("Basic realm=", 0) == 0u);
  BOOST_TEST(api.Call("GET", "/ui/", "", {{"Authorization", BasicAuth("guest", "guest")}}).status ==
             200);
}

BOOST_AUTO_TEST_CASE(ui_config_reports_installation_and_version) {
  UiDir dir;
  LiveApi api(UiConfig(dir));
  auto r = api.Call("GET", api::kUiConfigPath);
  BOOST_TEST(r.status == 200);
  auto body = LiveApi::Body(r);
  BOOST_TEST(body["status"] == "SUCCESS");
  BOOST_TEST(body["data"]["installation"]["label"] == "payments-prod");
  BOOST_TEST(body["data"]["installation"]["criticality"] == "PRODUCTION");
  BOOST_TEST(!body["data"]["version"].get<std::string>().empty());
  LiveApi plain;
  BOOST_TEST(
      LiveApi::Body(plain.Call("GET", api::kUiConfigPath))["data"]["installation"].is_null());
}

BOOST_AUTO_TEST_CASE(cross_site_writes_are_refused_in_the_envelope) {
  LiveApi api;
  const std::string admin = BasicAuth("admin", "admin");
  auto foreign = api.Call("POST", "/apis/v1/applications/operations", "{}",
                          {{"Authorization", admin},
                           {"Content-Type", "application/json"},
                           {"Origin", "http://evil.example"}});
  BOOST_TEST(foreign.status == 403);
  BOOST_TEST(LiveApi::Body(foreign)["status"] == "FAILED");
  BOOST_TEST(LiveApi::Body(foreign)["message"].get<std::string>().find("evil.example") !=
             std::string::npos);
  auto form =
      api.Call("POST", "/apis/v1/applications/operations", "type=CREATE",
               {{"Authorization", admin}, {"Content-Type", "application/x-www-form-urlencoded"}});
  BOOST_TEST(form.status == 403);
  BOOST_TEST(api.core.submitted.empty());
  // The controller's own page posting JSON passes the guard (the body then fails validation).
  const std::string own = "http://127.0.0.1:" + std::to_string(api.Target().port);
  auto same = api.Call("POST", "/apis/v1/applications/operations", "{}",
                       {{"Authorization", admin},
                        {"Content-Type", "application/json"},
                        {"Host", "127.0.0.1:" + std::to_string(api.Target().port)},
                        {"Origin", own}});
  BOOST_TEST(same.status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
