// Tests for JsonDeeperThan and LooksLikeJson: nesting counted across arrays and objects, brackets
// in strings (escaped quotes included) ignored, and which bodies are scanned.
#include "orchestrator/core/net/json_depth.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace drove::core {

BOOST_AUTO_TEST_SUITE(json_depth)

BOOST_AUTO_TEST_CASE(depth_counts_arrays_and_objects_together) {
  BOOST_TEST(!JsonDeeperThan(R"({"a":[{"b":[1]}]})", 4));
  BOOST_TEST(JsonDeeperThan(R"({"a":[{"b":[1]}]})", 3));
  BOOST_TEST(!JsonDeeperThan("[[],[],[[]]]", 3));
  BOOST_TEST(JsonDeeperThan(std::string(100000, '['), 64));
  BOOST_TEST(!JsonDeeperThan(std::string(64, '[') + std::string(64, ']'), 64));
}

BOOST_AUTO_TEST_CASE(brackets_inside_strings_do_not_count) {
  BOOST_TEST(!JsonDeeperThan(R"(["[[[[{{{{"])", 1));
  BOOST_TEST(!JsonDeeperThan(R"(["a\"[[[[", "\\"])", 1));
  BOOST_TEST(JsonDeeperThan(R"(["\\", [[]]])", 2));  // the string ended before the brackets
}

BOOST_AUTO_TEST_CASE(json_content_type_or_bracket_start_is_scanned) {
  BOOST_TEST(LooksLikeJson("application/json; charset=utf-8", ""));
  BOOST_TEST(LooksLikeJson("text/plain", "  \n{\"a\":1}"));
  BOOST_TEST(LooksLikeJson("", "[1]"));
  BOOST_TEST(!LooksLikeJson("text/plain", "hello [world]"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
