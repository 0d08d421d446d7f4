// Drove's page URLs mapped to our UI's pages (docs/ui.md, "Pages").
#include "orchestrator/controller/api/drove_page_urls.h"

#include <boost/test/unit_test.hpp>

namespace drove::controller::api {
namespace {

std::string Target(std::string_view path, core::QueryParams query = {}) {
  return UiPathForDrovePage(path, query).value_or("(none)");
}

BOOST_AUTO_TEST_SUITE(drove_page_urls)

BOOST_AUTO_TEST_CASE(drove_pages_map_to_ours) {
  BOOST_TEST(Target("/") == "/ui/");
  BOOST_TEST(Target("/dashboard") == "/ui/");
  BOOST_TEST(Target("/cluster") == "/ui/cluster");
  BOOST_TEST(Target("/executors/E-1") == "/ui/executors/E-1");
  BOOST_TEST(Target("/applications/A-1") == "/ui/apps/A-1");
  BOOST_TEST(Target("/applications/A-1/instances/AI-1") == "/ui/apps/A-1/instances/AI-1");
  BOOST_TEST(Target("/tasks/APP/T-1") == "/ui/tasks/APP/T-1");
  BOOST_TEST(Target("/localservices/LS-1") == "/ui/localservices/LS-1");
  BOOST_TEST(Target("/localservices/LS-1/instances/SI-1") == "/ui/localservices/LS-1");
}

BOOST_AUTO_TEST_CASE(log_streams_become_the_log_viewer) {
  BOOST_TEST(Target("/applications/A-1/instances/AI-1/stream", {{"logFileName", "output.log"}}) ==
             "/ui/logs/applications/A-1/AI-1/output.log");
  BOOST_TEST(Target("/tasks/APP/T-1/stream", {{"logFileName", "a b.log"}}) ==
             "/ui/logs/tasks/APP/T-1/a%20b.log");
  BOOST_TEST(Target("/localservices/LS-1/instances/SI-1/stream", {{"logFileName", "o.log"}}) ==
             "/ui/logs/localservices/LS-1/SI-1/o.log");
  // Without a file: the page the log belongs to.
  BOOST_TEST(Target("/applications/A-1/instances/AI-1/stream") == "/ui/apps/A-1/instances/AI-1");
  BOOST_TEST(Target("/tasks/APP/T-1/stream") == "/ui/tasks/APP/T-1");
}

BOOST_AUTO_TEST_CASE(drove_ui_prefixed_urls_map_too_and_ours_never_redirect) {
  BOOST_TEST(Target("/ui/applications/A-1") == "/ui/apps/A-1");
  BOOST_TEST(Target("/ui") == "/ui/");
  BOOST_TEST(Target("/ui/") == "(none)");
  BOOST_TEST(Target("/ui/apps/A-1") == "(none)");
  BOOST_TEST(Target("/ui/executors/E-1") == "(none)");
  BOOST_TEST(Target("/ui/tasks/APP/T-1") == "(none)");
  BOOST_TEST(Target("/ui/cluster") == "(none)");
  BOOST_TEST(Target("/ui/logs/applications/A-1/AI-1/output.log") == "(none)");
  BOOST_TEST(Target("/ui/js/main.js") == "(none)");
}

BOOST_AUTO_TEST_CASE(other_paths_are_no_drove_pages) {
  BOOST_TEST(Target("/applications") == "(none)");
  BOOST_TEST(Target("/applications/A-1/spec") == "(none)");
  BOOST_TEST(Target("/tasks/APP") == "(none)");
  BOOST_TEST(Target("/apis/v1/cluster") == "(none)");
}

BOOST_AUTO_TEST_CASE(every_pattern_is_a_drove_page) {
  for (const std::string& pattern : DrovePagePatterns()) {
    BOOST_TEST(UiPathForDrovePage(pattern, {}).has_value(), pattern);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::api
