// Unit tests for drove-cli look-alike output: tabulate tables, print_dict and number formats.
#include <boost/test/unit_test.hpp>

#include "orchestrator/cli/cluster_format.h"
#include "orchestrator/cli/table.h"

namespace drove::cli {

BOOST_AUTO_TEST_SUITE(cli_table)

BOOST_AUTO_TEST_CASE(simple_table_pads_columns_and_right_aligns_numbers) {
  std::string table = RenderTable({"Id", "Count"}, {{"APP-1", Cell::Number(3)},
                                                    {"LONGER-APP-2", Cell::Number(120)}});
  BOOST_TEST(table ==
             "Id              Count\n"
             "------------  -------\n"
             "APP-1               3\n"
             "LONGER-APP-2      120\n");
}

BOOST_AUTO_TEST_CASE(empty_table_still_prints_headers) {
  BOOST_TEST(RenderTable({"Id", "Name"}, {}) == "Id    Name  \n----  ------\n");
}

BOOST_AUTO_TEST_CASE(sort_is_numeric_for_numbers_and_stable) {
  std::vector<Row> rows = {{"b", Cell::Number(10)}, {"a", Cell::Number(9)}, {"c", Cell::Number(10)}};
  SortRows(&rows, 1, false);
  BOOST_TEST(rows[0][0].text == "a");
  BOOST_TEST(rows[1][0].text == "b");
  SortRows(&rows, 0, true);
  BOOST_TEST(rows[0][0].text == "c");
}

BOOST_AUTO_TEST_CASE(print_dict_nests_and_uses_python_str) {
  Json data = Json::parse(R"({"name":"x","ok":true,"tags":["a","b"],"inner":{"k":1},"none":null,
                              "empty":{}})");
  std::string text = RenderDict(data);
  BOOST_TEST(text.find("name                          x\n") == 0u);
  BOOST_TEST(text.find("ok                            True\n") != std::string::npos);
  BOOST_TEST(text.find("tags                          ['a', 'b']\n") != std::string::npos);
  BOOST_TEST(text.find("inner                         \n    k                             1\n") !=
             std::string::npos);
  BOOST_TEST(text.find("none                          None\n") != std::string::npos);
  BOOST_TEST(text.find("empty                         {}\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_get_thousands_separators) {
  BOOST_TEST(WithCommas(0) == "0");
  BOOST_TEST(WithCommas(2209) == "2,209");
  BOOST_TEST(WithCommas(1234567) == "1,234,567");
  BOOST_TEST(WithCommas(-1000) == "-1,000");
}

BOOST_AUTO_TEST_CASE(event_line_uses_python_format_and_json_dumps) {
  Json event = Json::parse(
      R"({"type":"APP_STATE_CHANGE","id":"e1","time":0,"metadata":{"APP_ID":"A-1","CPU_COUNT":1}})");
  std::string line = FormatEvent(kDefaultEventFormat, event);
  BOOST_TEST(line.find("APP_STATE_CHANGE          | e1") == 0u);
  BOOST_TEST(line.find(R"(| {"APP_ID": "A-1", "CPU_COUNT": 1})") != std::string::npos);
  BOOST_TEST(PyFormat("{a:>4}|{b:^5}|{{x}}", Json{{"a", "1"}, {"b", "c"}}) == "   1|  c  |{x}");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli
