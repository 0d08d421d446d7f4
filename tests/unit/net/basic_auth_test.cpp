// Tests for Basic auth parsing and building.
#include "orchestrator/core/net/basic_auth.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {

BOOST_AUTO_TEST_SUITE(basic_auth)

BOOST_AUTO_TEST_CASE(builds_the_standard_header) {
  BOOST_TEST(BasicAuthHeader("admin", "admin") == "Basic YWRtaW46YWRtaW4=");
}

BOOST_AUTO_TEST_CASE(parses_credentials_with_colon_in_password) {
  auto creds = ParseBasicAuth(BasicAuthHeader("guest", "pa:ss"));
  BOOST_REQUIRE(creds.has_value());
  BOOST_TEST(creds->username == "guest");
  BOOST_TEST(creds->password == "pa:ss");
  auto lower = ParseBasicAuth("basic YWRtaW46YWRtaW4=");
  BOOST_REQUIRE(lower.has_value());
  BOOST_TEST(lower->username == "admin");
}

BOOST_AUTO_TEST_CASE(rejects_other_schemes_and_bad_tokens) {
  BOOST_TEST(!ParseBasicAuth("Bearer abc").has_value());
  BOOST_TEST(!ParseBasicAuth("Basic").has_value());
  BOOST_TEST(!ParseBasicAuth("Basic !!!!").has_value());
  BOOST_TEST(!ParseBasicAuth("Basic YWRtaW4=").has_value());  // "admin": no colon
  BOOST_TEST(!ParseBasicAuth("BasicYWRtaW46YWRtaW4=").has_value());
  BOOST_TEST(!ParseBasicAuth("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
