// Tests for the system and manual clocks.
#include "orchestrator/core/util/clock.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {

BOOST_AUTO_TEST_SUITE(clock)

BOOST_AUTO_TEST_CASE(system_clock_reports_epoch_millis) {
  int64_t now = SystemClock::Instance().NowMillis();
  BOOST_TEST(now > 1'600'000'000'000);  // after 2020
  BOOST_TEST(now < 4'000'000'000'000);  // in milliseconds, not micro
}

BOOST_AUTO_TEST_CASE(manual_clock_moves_only_when_told) {
  ManualClock clock(1000);
  const Clock& as_interface = clock;
  BOOST_TEST(as_interface.NowMillis() == 1000);
  clock.Advance(std::chrono::seconds(5));
  BOOST_TEST(as_interface.NowMillis() == 6000);
  clock.Set(42);
  BOOST_TEST(as_interface.NowMillis() == 42);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
