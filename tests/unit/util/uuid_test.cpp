// Tests for UUID v4 (random) and v3 (Java nameUUIDFromBytes compatible).
#include "orchestrator/core/util/uuid.h"

#include <boost/test/unit_test.hpp>
#include <regex>
#include <set>

namespace drove::core {

BOOST_AUTO_TEST_SUITE(uuid)

BOOST_AUTO_TEST_CASE(v3_matches_java_name_uuid_from_bytes) {
  // python3: md5(b'localhost:3000'), version 3, IETF variant (what Java's nameUUIDFromBytes does).
  BOOST_TEST(UuidV3("localhost:3000") == "93b6b6f3-c7c8-3824-afc9-cb6d0b32454c");
}

BOOST_AUTO_TEST_CASE(v3_is_stable_and_name_dependent) {
  BOOST_TEST(UuidV3("host-a:3000") == UuidV3("host-a:3000"));
  BOOST_TEST(UuidV3("host-a:3000") != UuidV3("host-b:3000"));
}

BOOST_AUTO_TEST_CASE(v4_is_canonical_with_version_and_variant_bits) {
  static const std::regex kV4(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = UuidV4();
    BOOST_TEST(std::regex_match(id, kV4), id);
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
