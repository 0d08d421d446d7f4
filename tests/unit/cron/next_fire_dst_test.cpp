// Tests for NextFire across daylight saving shifts: skipped wall times do not fire, repeated ones
// fire once, at their first showing (see next_fire.h).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "orchestrator/epoch/cron/next_fire.h"
#include "tests/unit/cron/cron_test_util.h"

namespace drove::epoch::cron {
namespace {

using testing::At;
using testing::Format;

struct Case {
  std::string expression;
  std::string after;
  std::string expected;  // UTC
};

void Check(const std::string& zone_name, const std::vector<Case>& cases) {
  const TimeZone zone = testing::MustLoad(zone_name);
  for (const Case& c : cases) {
    const auto fire = NextFire(testing::MustParse(c.expression), At(c.after), zone);
    BOOST_TEST(Format(fire) == Format(At(c.expected)),
               zone_name << " '" << c.expression << "' after " << c.after);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(next_fire_dst)

// 2024-03-31: 02:00 CET becomes 03:00 CEST (01:00 UTC).
BOOST_AUTO_TEST_CASE(berlin_spring_forward_skips_the_missing_wall_times) {
  Check("Europe/Berlin",
        {
            {"0 30 2 * * ?", "2024-03-30 02:30:00 +01:00", "2024-04-01 02:30:00 +02:00"},
            {"0 0 2 * * ?", "2024-03-30 12:00:00 +01:00", "2024-04-01 02:00:00 +02:00"},
            {"0 30 2 31 3 ?", "2024-03-01 00:00:00 +01:00", "2025-03-31 02:30:00 +02:00"},
            {"0 0 3 * * ?", "2024-03-31 00:00:00 +01:00", "2024-03-31 03:00:00 +02:00"},
            {"0 */15 * * * ?", "2024-03-31 01:45:00 +01:00", "2024-03-31 03:00:00 +02:00"},
            {"0 30 2,3 * * ?", "2024-03-31 01:00:00 +01:00", "2024-03-31 03:30:00 +02:00"},
            {"* * * * * ?", "2024-03-31 01:59:59 +01:00", "2024-03-31 03:00:00 +02:00"},
            {"0 0 * * * ?", "2024-03-31 01:00:00 +01:00", "2024-03-31 03:00:00 +02:00"},
        });
}

// 2024-10-27: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:00-02:59 shows twice.
BOOST_AUTO_TEST_CASE(berlin_fall_back_fires_once_at_the_first_showing) {
  Check("Europe/Berlin",
        {
            {"0 30 2 * * ?", "2024-10-26 12:00:00 +02:00", "2024-10-27 02:30:00 +02:00"},
            {"0 30 2 * * ?", "2024-10-27 02:30:00 +02:00", "2024-10-28 02:30:00 +01:00"},
            {"0 30 2 * * ?", "2024-10-27 02:15:00 +01:00", "2024-10-28 02:30:00 +01:00"},
            {"0 */15 * * * ?", "2024-10-27 02:45:00 +02:00", "2024-10-27 03:00:00 +01:00"},
            {"0 */15 * * * ?", "2024-10-27 02:20:00 +01:00", "2024-10-27 03:00:00 +01:00"},
            {"0 0 * * * ?", "2024-10-27 02:00:00 +02:00", "2024-10-27 03:00:00 +01:00"},
            {"* * * * * ?", "2024-10-27 02:59:59 +02:00", "2024-10-27 03:00:00 +01:00"},
            {"0 0 3 * * ?", "2024-10-27 00:00:00 +02:00", "2024-10-27 03:00:00 +01:00"},
        });
}

// Past 2037 Debian's table ends and the footer's POSIX rule (CET-1CEST,M3.5.0,M10.5.0/3) applies.
BOOST_AUTO_TEST_CASE(berlin_shifts_past_the_table_follow_the_zone_rule) {
  Check("Europe/Berlin",
        {
            {"0 30 2 * * ?", "2050-03-26 12:00:00 +01:00", "2050-03-28 02:30:00 +02:00"},
            {"0 30 2 * * ?", "2050-10-30 02:30:00 +02:00", "2050-10-31 02:30:00 +01:00"},
            {"0 0 12 1 7 ? 2099", "2050-01-01 00:00:00 +01:00", "2099-07-01 12:00:00 +02:00"},
        });
}

// 2024-03-10: 02:00 EST becomes 03:00 EDT; 2024-11-03: 02:00 EDT becomes 01:00 EST.
BOOST_AUTO_TEST_CASE(new_york_spring_forward_and_fall_back) {
  Check("America/New_York",
        {
            {"0 30 2 * * ?", "2024-03-09 12:00:00 -05:00", "2024-03-11 02:30:00 -04:00"},
            {"0 0 9 ? * MON-FRI", "2024-03-08 12:00:00 -05:00", "2024-03-11 09:00:00 -04:00"},
            {"0 30 1 * * ?", "2024-11-02 12:00:00 -04:00", "2024-11-03 01:30:00 -04:00"},
            {"0 30 1 * * ?", "2024-11-03 01:30:00 -04:00", "2024-11-04 01:30:00 -05:00"},
            {"0 */30 * * * ?", "2024-11-03 01:30:00 -04:00", "2024-11-03 02:00:00 -05:00"},
            {"0 0 0 * * ?", "2024-11-02 12:00:00 -04:00", "2024-11-03 00:00:00 -04:00"},
        });
}

// Lord Howe shifts by 30 minutes; Kolkata has a half-hour offset and no DST.
BOOST_AUTO_TEST_CASE(half_hour_zones) {
  Check("Australia/Lord_Howe",
        {
            // 2024-10-06: 02:00 +10:30 becomes 02:30 +11:00.
            {"0 15 2 * * ?", "2024-10-05 12:00:00 +10:30", "2024-10-07 02:15:00 +11:00"},
            {"0 45 2 * * ?", "2024-10-05 12:00:00 +10:30", "2024-10-06 02:45:00 +11:00"},
            // 2024-04-07: 02:00 +11:00 becomes 01:30 +10:30.
            {"0 45 1 * * ?", "2024-04-07 01:45:00 +11:00", "2024-04-08 01:45:00 +10:30"},
        });
  Check("Asia/Kolkata", {{"0 0 9 ? * *", "2024-01-15 00:00:00", "2024-01-15 09:00:00 +05:30"}});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch::cron
