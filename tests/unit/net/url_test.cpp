// Tests for percent-encoding and query strings.
#include "orchestrator/core/net/url.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {

BOOST_AUTO_TEST_SUITE(url)

BOOST_AUTO_TEST_CASE(percent_encode_keeps_only_unreserved) {
  BOOST_TEST(PercentEncode("a-b_c.d~e") == "a-b_c.d~e");
  BOOST_TEST(PercentEncode("a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
  BOOST_TEST(PercentEncode("\xff") == "%FF");
}

BOOST_AUTO_TEST_CASE(percent_decode_handles_escapes_plus_and_errors) {
  BOOST_TEST(*PercentDecode("a%20b%2fc") == "a b/c");
  BOOST_TEST(*PercentDecode("a+b") == "a+b");
  BOOST_TEST(*PercentDecode("a+b", true) == "a b");
  BOOST_TEST(!PercentDecode("%").has_value());
  BOOST_TEST(!PercentDecode("%2").has_value());
  BOOST_TEST(!PercentDecode("%zz").has_value());
}

BOOST_AUTO_TEST_CASE(query_parse_keeps_repeated_keys_in_order) {
  QueryParams q = ParseQuery("id=a&id=b&flag&x=1%2B1&&empty=&bad=%zz");
  BOOST_TEST(QueryValues(q, "id") == std::vector<std::string>({"a", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(*QueryValue(q, "flag") == "");
  BOOST_TEST(*QueryValue(q, "x") == "1+1");
  BOOST_TEST(*QueryValue(q, "empty") == "");
  BOOST_TEST(*QueryValue(q, "bad") == "%zz");
  BOOST_TEST(!QueryValue(q, "missing").has_value());
}

BOOST_AUTO_TEST_CASE(query_build_round_trips) {
  QueryParams q{{"state", "RUNNING"}, {"state", "HEALTHY"}, {"name", "a b&c"}};
  std::string built = BuildQuery(q);
  BOOST_TEST(built == "name=a%20b%26c&state=RUNNING&state=HEALTHY");
  BOOST_TEST((ParseQuery(built) == q));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
