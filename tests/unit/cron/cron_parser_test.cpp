// Tests for ParseCron: what cron-utils' QUARTZ definition accepts and refuses, and the messages.
#include "orchestrator/epoch/cron/cron_parser.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/cron/cron_test_util.h"

namespace drove::epoch::cron {
namespace {

struct Refusal {
  std::string text;
  std::string message;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cron_parser)

// epoch-api.md: QuartzCronUtilityTest's valid expressions, the Epoch model's example, and the
// grammar of section 7.
BOOST_AUTO_TEST_CASE(accepts_the_documented_forms) {
  const std::vector<std::string> valid = {
      "0 * * ? * * *", "0 * * ? * *", "0 0 9-20/3 ? * *", "0 0/1 * * * ?", "0 0 12 ? * WED",
      "0 15 10 ? * 6L", "0 15 10 ? * 6#3", "0 0 0 L * ?", "0 0 0 L-2 * ?", "0 0 0 LW * ?",
      "0 0 0 15W * ?", "0 0 0 1 JAN-MAR/2 ?", "0 0 0 ? * MON-FRI", "0 0 0 ? * FRI-MON",
      "0 0 22-2 * * ?", "*/20 * * ? * *", "0 0 0 1 1 ? 2030", "0 0 0 1 1 ? 2025/5",
      "0 0 0 1 1 ? 1970-2099", "0 0 0 ? * L", "0 0 0 ? * SUN#1,SAT#1", "0 0 0 1,L * ?",
      "0 0 0 28-L 2 ?", "0 0 0 ? * 2-L", "0 0 0 ? * FRIL", "0 0 0 L-31 * ?", "0 0 0 ? * 2#7",
      "/5 * * ? * *", "5/10 * * ? * *", "0 0 0 ? * *,MON", "59 59 23 31 12 ? 2099",
      // Case, whitespace and composites.
      "0 0 12 ? * mon", "  0\t0  12 ? *\n* ", "0 0 9 ? * MON||0 30 17 ? * FRI", "0 0|30 9|17 ? * *",
      "0 0 12 ? * *||", "0 0 12 ? * MON|"};
  for (const auto& text : valid) {
    auto parsed = ParseCron(text);
    BOOST_TEST(parsed.ok(), "'" << text << "': " << parsed.error());
  }
}

BOOST_AUTO_TEST_CASE(refuses_with_a_message_naming_the_field_and_the_rule) {
  const std::vector<Refusal> refusals = {
      // QuartzCronUtilityTest and UITest.
      {"0 * * ? *",
       "expression: 5 fields, expected 6 or 7 (seconds minutes hours day-of-month "
       "month day-of-week [year])"},
      {"0 * * ? * * * *",
       "expression: 8 fields, expected 6 or 7 (seconds minutes hours "
       "day-of-month month day-of-week [year])"},
      {"", "expression: empty"},
      {" \t ", "expression: empty"},
      {"0 0 9-20/3 ? * *1", "day-of-week: invalid value '*1'"},
      {"* * * * *",
       "expression: 5 fields, expected 6 or 7 (seconds minutes hours day-of-month "
       "month day-of-week [year])"},
      // Section 7: the '?' rule, nicknames, trailing commas.
      {"0 0 12 * * *", "day-of-week: either day-of-month or day-of-week must be '?'"},
      {"0 0 12 ? * ?", "day-of-week: day-of-month and day-of-week cannot both be '?'"},
      {"@daily", "expression: nicknames such as '@daily' are not supported"},
      {"0 0 12 ? * MON,", "day-of-week: trailing comma in 'MON,'"},
      // Ranges, steps, names and markers.
      {"61 * * ? * *", "seconds: value 61 out of range 0-59"},
      {"0 60 * ? * *", "minutes: value 60 out of range 0-59"},
      {"0 0 24 ? * *", "hours: value 24 out of range 0-23"},
      {"0 0 0 32 * ?", "day-of-month: value 32 out of range 1-31"},
      {"0 0 0 0 * ?", "day-of-month: value 0 out of range 1-31"},
      {"0 0 0 1 13 ?", "month: value 13 out of range 1-12"},
      {"0 0 0 1 FOO ?", "month: invalid value 'FOO'"},
      {"0 0 0 ? * 0", "day-of-week: value 0 out of range 1-7"},
      {"0 0 0 ? * 8", "day-of-week: value 8 out of range 1-7"},
      {"0 0 0 ? * MONDAY", "day-of-week: invalid value 'MONDAY'"},
      {"0 0 0 1 1 ? 1969", "year: value 1969 out of range 1970-2099"},
      {"0 0 0 1 1 ? 2100", "year: value 2100 out of range 1970-2099"},
      {"0 0 0 1 1 ? 2030-2020", "year: range 2030-2020 is reversed"},
      {"*/0 * * ? * *", "seconds: step 0 out of range 1-59"},
      {"*/60 * * ? * *", "seconds: step 60 out of range 1-59"},
      {"0 0 */24 ? * *", "hours: step 24 out of range 1-23"},
      {"0 0 0 ? * */8", "day-of-week: step 8 out of range 1-7"},
      {"0 0 0 1 1 ? */131", "year: step 131 out of range 1-130"},
      {"5/ * * ? * *", "seconds: missing step"},
      {"1/2/3 * * ? * *", "seconds: invalid step '2/3'"},
      {"1-2-3 * * ? * *", "seconds: invalid value '2-3'"},
      {"-5 * * ? * *", "seconds: missing value"},
      {"1,,2 * * ? * *", "seconds: empty list item"},
      {"? * * ? * *", "seconds: '?' is allowed only in day-of-month and day-of-week"},
      {"0 0 0 ?,1 * ?", "day-of-month: '?' must stand alone"},
      {"0 0 0 L-0 * ?", "day-of-month: offset 0 out of range 1-31"},
      {"0 0 0 L-32 * ?", "day-of-month: offset 32 out of range 1-31"},
      {"0 0 0 32W * ?", "day-of-month: value 32 out of range 1-31"},
      {"0 0 0 5L * ?", "day-of-month: invalid value '5L'"},
      {"0 0 0 # * ?", "day-of-month: invalid value '#'"},
      {"0 0 0 ? * 2#0", "day-of-week: occurrence 0 out of range 1-7"},
      {"0 0 0 ? * 2#8", "day-of-week: occurrence 8 out of range 1-7"},
      {"0 0 0 ? * 2#1#1", "day-of-week: invalid occurrence '1#1'"},
      {"0 0 0 ? * LW", "day-of-week: invalid value 'LW'"},
      {"0 0 0 ? * 5W", "day-of-week: invalid value '5W'"},
      {"0 0 0 ? * L-3", "day-of-week: invalid value 'L'"},
      {"L * * ? * *", "seconds: invalid value 'L'"},
      {"0 0 0 1 L ?", "month: invalid value 'L'"},
      {"0 0 0 1-L/2 * ? +5", "year: invalid value '+5'"},
      // Composites.
      {"0 0|30 9|17|20 ? * *", "expression: '0|30' has 2 alternatives where another field has 3"},
      {"||", "expression: no expression around '||'"},
      {"||0 0 12 ? * *", "part 1: expression: empty"},
      {"0 0 12 ? * * || 0 0 25 ? * *", "part 2: hours: value 25 out of range 0-23"},
      {"0 0 12|25 ? * *", "alternative 2: hours: value 25 out of range 0-23"},
  };
  for (const auto& refusal : refusals) {
    auto parsed = ParseCron(refusal.text);
    BOOST_TEST(!parsed.ok(), "'" << refusal.text << "' was accepted");
    BOOST_TEST(parsed.error() == refusal.message, "'" << refusal.text << "'");
  }
}

BOOST_AUTO_TEST_CASE(builds_the_value_sets) {
  const CronExpression expression =
      testing::MustParse("0,30 10-20/5 22-2 ? FEB,NOV-DEC MON-WED,6L");
  BOOST_REQUIRE_EQUAL(expression.schedules.size(), 1u);
  const CronSchedule& s = expression.schedules[0];
  BOOST_TEST(s.seconds.to_ullong() == (1ull << 0 | 1ull << 30));
  BOOST_TEST(s.minutes.to_ullong() == (1ull << 10 | 1ull << 15 | 1ull << 20));
  BOOST_TEST(s.hours.to_ulong() == (1ul << 22 | 1ul << 23 | 1ul << 0 | 1ul << 1 | 1ul << 2));
  BOOST_TEST(s.months.to_ulong() == (1ul << 2 | 1ul << 11 | 1ul << 12));
  BOOST_TEST(s.weekdays.to_ulong() == (1ul << 2 | 1ul << 3 | 1ul << 4));
  BOOST_TEST(s.last_weekdays.to_ulong() == 1ul << 6);
  BOOST_TEST(s.years.all());
  BOOST_TEST((s.day_field == DayField::kDayOfWeek));
}

BOOST_AUTO_TEST_CASE(splits_alternatives_into_schedules) {
  BOOST_TEST(testing::MustParse("0 0|30 9|17 ? * *").schedules.size() == 2u);
  BOOST_TEST(testing::MustParse("0 0 9 ? * MON||0 0|30 9|17 ? * *").schedules.size() == 3u);
  const CronExpression expression = testing::MustParse("0 0|30 9|17 ? * *");
  BOOST_TEST(expression.schedules[1].minutes.to_ullong() == 1ull << 30);
  BOOST_TEST(expression.schedules[1].hours.to_ulong() == 1ul << 17);
}

BOOST_AUTO_TEST_CASE(errors_are_one_line) {
  for (const char* text : {"0 0 0 ? * 9\n", "0\n0\n0\n?\n*\n*\n*\n*", "0 0 0 ? * *\n||\n"}) {
    auto parsed = ParseCron(text);
    BOOST_TEST(parsed.error().find('\n') == std::string::npos, parsed.error());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch::cron
