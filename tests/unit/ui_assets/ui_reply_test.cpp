// The UI's file replies shared by the controller and drove-epoch: ETag revalidation, the security
// headers on every reply, and which /ui/ paths are pages of the router.
#include "orchestrator/ui_assets/ui_reply.h"

#include <boost/test/unit_test.hpp>

namespace drove::ui_assets {
namespace {

std::string HeaderOf(const UiReply& reply, const std::string& name) {
  for (const auto& [key, value] : reply.headers) {
    if (key == name) return value;
  }
  return "";
}

BOOST_AUTO_TEST_SUITE(ui_reply)

BOOST_AUTO_TEST_CASE(if_none_match_lists_weak_tags_and_star_match) {
  BOOST_TEST(EtagMatches("\"abc\"", "\"abc\""));
  BOOST_TEST(EtagMatches("\"x\", W/\"abc\"", "\"abc\""));
  BOOST_TEST(EtagMatches("*", "\"abc\""));
  BOOST_TEST(!EtagMatches("\"abd\"", "\"abc\""));
  BOOST_TEST(!EtagMatches("", "\"abc\""));
}

BOOST_AUTO_TEST_CASE(a_fresh_copy_gets_304_without_a_body_and_keeps_the_headers) {
  UiFile file{"text/javascript", "\"e1\"", "export {};"};
  UiReply full = FileReply(file, "");
  BOOST_TEST(full.status == 200);
  BOOST_TEST(full.body == "export {};");
  UiReply fresh = FileReply(file, "\"e1\"");
  BOOST_TEST(fresh.status == 304);
  BOOST_TEST(fresh.body.empty());
  for (const UiReply* reply : {&full, &fresh}) {
    BOOST_TEST(HeaderOf(*reply, "ETag") == "\"e1\"");
    BOOST_TEST(HeaderOf(*reply, "Cache-Control") == "no-cache");
    BOOST_TEST(HeaderOf(*reply, "X-Content-Type-Options") == "nosniff");
    BOOST_TEST(HeaderOf(*reply, "Content-Security-Policy").find("default-src 'self'") == 0);
  }
}

BOOST_AUTO_TEST_CASE(see_other_names_the_target) {
  UiReply reply = SeeOther("/ui/topologies/a");
  BOOST_TEST(reply.status == 303);
  BOOST_TEST(HeaderOf(reply, "Location") == "/ui/topologies/a");
}

BOOST_AUTO_TEST_CASE(names_without_an_extension_are_pages) {
  BOOST_TEST(IsUiPage(""));
  BOOST_TEST(IsUiPage("topologies/nightly/edit"));
  BOOST_TEST(!IsUiPage("js/epoch/main.js"));
  BOOST_TEST(!IsUiPage("logs/applications/A/AI/output.log"));
  BOOST_TEST(IsUiPage("logs/applications/A/AI/output.log", {"logs/"}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::ui_assets
