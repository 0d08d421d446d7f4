// Browser writes from other sites are refused; programs (CLI, executors, Java clients) are not.
#include <boost/test/unit_test.hpp>
#include <map>

#include "orchestrator/core/net/cross_site_guard.h"

namespace drove::core {
namespace {

using Headers = std::map<std::string, std::string>;

bool Refused(std::string_view method, Headers headers, size_t body = 10,
             std::string_view scheme = "http") {
  HeaderLookup lookup = [&headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(std::string(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
  return CrossSiteRefusal(method, lookup, body, scheme).has_value();
}

const char* kJson = "application/json";

BOOST_AUTO_TEST_SUITE(cross_site_guard)

BOOST_AUTO_TEST_CASE(same_origin_json_writes_pass) {
  BOOST_TEST(!Refused("POST", {{"Host", "c1:4000"}, {"Origin", "http://c1:4000"},
                               {"Content-Type", kJson}, {"Sec-Fetch-Site", "same-origin"}}));
  BOOST_TEST(!Refused("PUT", {{"Host", "C1:4000"}, {"Origin", "HTTP://c1:4000"},
                              {"Content-Type", "application/json; charset=utf-8"}}));
  BOOST_TEST(!Refused("POST", {{"Host", "c1"}, {"Origin", "https://c1:443"},
                               {"Content-Type", kJson}},
                      10, "https"));
}

BOOST_AUTO_TEST_CASE(foreign_origins_are_refused) {
  BOOST_TEST(Refused("POST", {{"Host", "c1:4000"}, {"Origin", "http://evil.example"},
                              {"Content-Type", kJson}}));
  BOOST_TEST(Refused("DELETE", {{"Host", "c1:4000"}, {"Origin", "http://c1:4001"}}, 0));
  BOOST_TEST(Refused("POST", {{"Host", "c1:4000"}, {"Origin", "https://c1:4000"},
                              {"Content-Type", kJson}}));  // http server, https origin
  BOOST_TEST(Refused("POST", {{"Host", "c1:4000"}, {"Origin", "null"}, {"Content-Type", kJson}}));
  BOOST_TEST(Refused("POST", {{"Origin", "http://c1:4000"}, {"Content-Type", kJson}}));
}

BOOST_AUTO_TEST_CASE(browser_writes_must_be_json) {
  for (const char* type : {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                           "text/plain", ""}) {
    BOOST_TEST(Refused("POST", {{"Host", "c1:4000"}, {"Origin", "http://c1:4000"},
                                {"Content-Type", type}}),
               type);
    BOOST_TEST(Refused("POST", {{"Sec-Fetch-Site", "same-origin"}, {"Content-Type", type}}), type);
  }
  // A form needs neither header to be spotted.
  BOOST_TEST(Refused("POST", {{"Content-Type", "application/x-www-form-urlencoded"}}));
  BOOST_TEST(Refused("PUT", {{"Content-Type", "multipart/form-data; boundary=b"}}));
  // A browser's DELETE without a body needs no content type.
  BOOST_TEST(!Refused("DELETE", {{"Sec-Fetch-Site", "same-origin"}}, 0));
  BOOST_TEST(Refused("DELETE", {{"Sec-Fetch-Site", "same-origin"}, {"Content-Type", "text/plain"}},
                     5));
}

BOOST_AUTO_TEST_CASE(programs_and_reads_are_not_affected) {
  BOOST_TEST(!Refused("POST", {{"Content-Type", kJson}}));
  BOOST_TEST(!Refused("POST", {}, 0));  // drove-cli's maintenance set: no body, no type
  // Apache HttpClient's StringEntity default (Java clients post JSON under it).
  BOOST_TEST(!Refused("POST", {{"Content-Type", "text/plain; charset=ISO-8859-1"}}));
  BOOST_TEST(!Refused("GET", {{"Origin", "http://evil.example"}}));
  BOOST_TEST(!Refused("GET", {{"Content-Type", "application/x-www-form-urlencoded"}}));
}

BOOST_AUTO_TEST_CASE(origins_compare_without_default_ports) {
  BOOST_TEST(NormalizedOrigin("HTTP", "Host:80") == "http://host");
  BOOST_TEST(NormalizedOrigin("https", "host:443") == "https://host");
  BOOST_TEST(NormalizedOrigin("https", "host:80") == "https://host:80");
  BOOST_TEST(NormalizedOrigin("http", "[::1]:4000") == "http://[::1]:4000");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
