// CONTROLLER_HTTP_FETCH configs are fetched by the controller and sent INLINE; failures name why.
#include "orchestrator/controller/engine/config_resolver.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/util/base64.h"

namespace drove::controller {
namespace {

using nlohmann::json;

json FetchEntry(const std::string& file, const std::string& path) {
  return {{"type", "CONTROLLER_HTTP_FETCH"},
          {"localFilename", file},
          {"http", {{"hostname", "cfg.local"}, {"port", 8080}, {"path", path}}}};
}

BOOST_AUTO_TEST_SUITE(config_resolver)

BOOST_AUTO_TEST_CASE(controller_fetch_becomes_inline_base64_and_others_pass_unchanged) {
  json local{{"type", "EXECUTOR_LOCAL_FILE"}, {"localFilename", "/a"}, {"filePathOnHost", "/h"}};
  json spec{{"name", "app"}, {"configs", {local, FetchEntry("/etc/b.conf", "/b")}}};
  std::vector<core::HttpCallSpec> asked;
  auto resolved = InlineControllerFetches(spec, [&](const core::HttpCallSpec& http) {
    asked.push_back(http);
    return core::Result<std::string>(std::string("body of ") + *http.path);
  });
  BOOST_TEST_REQUIRE(resolved.ok(), resolved.error());
  BOOST_TEST(asked.size() == 1u);
  BOOST_TEST(asked[0].hostname == "cfg.local");
  BOOST_TEST(asked[0].port == 8080);
  BOOST_TEST((*resolved)["configs"][0] == local);
  json expected{{"type", "INLINE"},
                {"localFilename", "/etc/b.conf"},
                {"data", core::Base64Encode("body of /b")}};
  BOOST_TEST((*resolved)["configs"][1] == expected);
  BOOST_TEST((*resolved)["name"] == "app");
}

BOOST_AUTO_TEST_CASE(failed_fetch_is_an_error_naming_the_entry_and_reason) {
  json spec{{"configs", {FetchEntry("/etc/a.conf", "/a")}}};
  auto resolved = InlineControllerFetches(spec, [](const core::HttpCallSpec&) {
    return core::Result<std::string>::Error("returned 503");
  });
  BOOST_REQUIRE(!resolved.ok());
  BOOST_TEST(resolved.error().find("configs[0] (/etc/a.conf)") != std::string::npos);
  BOOST_TEST(resolved.error().find("returned 503") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(spec_without_controller_fetches_is_not_touched) {
  int calls = 0;
  auto fetch = [&](const core::HttpCallSpec&) {
    ++calls;
    return core::Result<std::string>(std::string());
  };
  json plain{{"name", "app"}};
  json inline_only{{"configs", {{{"type", "INLINE"}, {"localFilename", "/a"}, {"data", "eA=="}}}}};
  BOOST_TEST(InlineControllerFetches(plain, fetch).value() == plain);
  BOOST_TEST(InlineControllerFetches(inline_only, fetch).value() == inline_only);
  BOOST_TEST(calls == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
