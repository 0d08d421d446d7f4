// Tests for EndpointsReader: over a sequence of bodies it answers exactly as
// ParseEndpointsResponse.
#include "orchestrator/core/discovery/endpoints_reader.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

namespace drove::discovery {
namespace {

std::string App(const std::string& id, int port) {
  return R"({"appName":")" + id + R"(","appId":")" + id + R"(-1","vhost":")" + id +
         R"(.local","tags":{},"hosts":[{"host":"ex1","port":)" + std::to_string(port) +
         R"(,"portType":"HTTP","portName":"main"}]})";
}

std::string Body(const std::vector<std::string>& apps) {
  std::string data;
  for (const auto& app : apps) data += (data.empty() ? "" : ",") + app;
  return R"({"status":"SUCCESS","data":[)" + data + R"(],"message":"success"})";
}

// A reader and the result it returned last, kept as the follower keeps its view.
struct Follower {
  EndpointsReader reader;
  std::optional<std::vector<core::ExposedAppInfo>> kept;

  core::Result<std::vector<core::ExposedAppInfo>> Read(const std::string& body) {
    auto apps = reader.Read(body, kept ? &*kept : nullptr);
    if (apps.ok()) kept = *apps;
    return apps;
  }
};

// The reader's answer equals the whole parse's: the same apps, or the same error.
bool SameAsWholeParse(Follower* follower, const std::string& body) {
  auto got = follower->Read(body);
  auto want = ParseEndpointsResponse(body);
  if (got.ok() != want.ok()) return false;
  if (!got.ok()) return got.error() == want.error();
  return *got == *want;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(endpoints_reader)

BOOST_AUTO_TEST_CASE(changed_added_removed_and_moved_apps_read_as_the_whole_parse) {
  Follower reader;
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("b", 1), App("a", 2), App("c", 3)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("b", 1), App("a", 9), App("c", 3)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("d", 4), App("b", 1), App("a", 9)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 9), App("a", 9), App("b", 1)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 9)})));
  auto last = reader.Read(Body({App("b", 5), App("a", 9)}));
  BOOST_REQUIRE(last.ok());
  BOOST_TEST((*last)[0].app_id == "a-1");
  BOOST_TEST((*last)[1].hosts[0].port == 5);
}

BOOST_AUTO_TEST_CASE(a_bad_item_after_good_bodies_gets_the_whole_parse_error) {
  Follower reader;
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 1), App("b", 2)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 1), App("b", 70000)})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 1), R"({"appId":"x"})"})));
  BOOST_TEST(SameAsWholeParse(&reader, Body({App("a", 1), App("b", 2)})));
}

BOOST_AUTO_TEST_CASE(unusual_envelopes_read_as_the_whole_parse) {
  Follower reader;
  const std::string a = App("a", 1);
  const std::vector<std::string> bodies = {
      Body({a}),
      R"({"status":"FAILED","data":[)" + a + R"(],"message":"not the leader"})",
      R"({"status":"SUCCESS","data":[)" + a + R"(],"data":[]})",
      R"({"status":"SUCCESS","d\u0061ta":[)" + a + "]}",
      "\xEF\xBB\xBF" + Body({a}),
      " \n" + Body({a, a}) + " \n",
      Body({a}) + "x",
      R"({"status":"SUCCESS","data":[)" + a + " " + a + "]}",
      R"({"status":"SUCCESS","data":[)" + a + ",]}",
      R"({"status":"SUCCESS","data":[tru e]})",
      R"({"status":"SUCCESS","data":{"a":1}})",
      R"({"status":"SUCCESS","data":[)" + a.substr(0, a.size() - 1) + "]}",
      R"({"status":"SUCCESS","message":"a \"quoted\" ]} text","data":[)" + a + "]}",
      std::string(),
  };
  for (const std::string& body : bodies) {
    BOOST_TEST(SameAsWholeParse(&reader, body), body);
  }
}

BOOST_AUTO_TEST_CASE(mangled_bodies_read_as_the_whole_parse) {
  const std::string body = Body({App("a", 1), App("b", 2), App("c", 3)});
  for (size_t at = 0; at < body.size(); ++at) {
    Follower reader;
    BOOST_REQUIRE(reader.Read(body).ok());
    std::string mangled = body;
    mangled[at] = static_cast<char>(mangled[at] ^ 0x5a);
    BOOST_TEST(SameAsWholeParse(&reader, mangled), "byte " << at);
    BOOST_TEST(SameAsWholeParse(&reader, body.substr(0, at)), "cut at " << at);
  }
}

BOOST_AUTO_TEST_CASE(a_result_not_kept_is_forgotten_before_the_next_read) {
  EndpointsReader reader;
  auto kept = reader.Read(Body({App("a", 1), App("b", 2)}), nullptr);
  BOOST_REQUIRE(kept.ok());
  // Read but refused by the caller: the reader's places now describe a view nobody holds.
  BOOST_REQUIRE(reader.Read(Body({App("c", 3), App("b", 2)}), &*kept).ok());
  reader.Forget();
  const std::string next = Body({App("d", 4), App("b", 2)});
  auto got = reader.Read(next, &*kept);
  BOOST_REQUIRE(got.ok());
  BOOST_TEST((*got == *ParseEndpointsResponse(next)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::discovery
