// Tests for TimeZone: offsets match glibc's reading of the same tz database, wall times map to UTC
// across shifts, POSIX TZ strings, and refusals.
#include "orchestrator/epoch/cron/time_zone.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <ctime>
#include <string>

#include "tests/unit/cron/cron_test_util.h"

namespace drove::epoch::cron {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
using testing::At;

sys_seconds Sys(const std::string& text) { return std::chrono::floor<seconds>(At(text)); }

std::chrono::local_seconds Local(const std::string& text) {
  return std::chrono::local_seconds{Sys(text).time_since_epoch()};
}

// glibc's offset at `t` under $TZ (tests run on one thread, so setenv is safe here).
long GlibcOffset(int64_t t) {
  const time_t when = static_cast<time_t>(t);
  struct tm parts {};
  localtime_r(&when, &parts);
  return parts.tm_gmtoff;
}

// Walks 1970-2099 in 6-hour steps; wherever glibc's offset changes, finds the exact second and
// checks both sides, so every transition (table and footer rule) is compared. Returns the first
// disagreement, or "".
std::string CompareWithGlibc(const std::string& name) {
  const TimeZone zone = testing::MustLoad(name);
  setenv("TZ", name.c_str(), 1);
  tzset();
  auto ours = [&](int64_t t) { return zone.OffsetAt(sys_seconds{seconds{t}}).count(); };
  constexpr int64_t kStep = 6 * 3600;
  const int64_t end = Sys("2099-12-31 00:00:00").time_since_epoch().count();
  long offset = GlibcOffset(0);
  for (int64_t t = 0; t < end; t += kStep) {
    const long next_offset = GlibcOffset(t + kStep);
    if (ours(t) != offset) return name + " differs at " + std::to_string(t);
    if (next_offset == offset) continue;
    int64_t low = t, high = t + kStep;
    while (high - low > 1) {
      const int64_t middle = low + (high - low) / 2;
      if (GlibcOffset(middle) == offset) {
        low = middle;
      } else {
        high = middle;
      }
    }
    if (ours(low) != offset || ours(high) != GlibcOffset(high)) {
      return name + " differs at the shift " + std::to_string(high);
    }
    offset = next_offset;
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(time_zone)

BOOST_AUTO_TEST_CASE(offsets_match_glibc_from_1970_to_2099) {
  const char* saved = std::getenv("TZ");
  const std::string previous = saved ? saved : "";
  for (const char* name :
       {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
        "Asia/Kolkata", "America/Sao_Paulo", "Europe/Dublin", "America/Nuuk", "Pacific/Apia",
        "Africa/Casablanca", "UTC"}) {
    BOOST_TEST(CompareWithGlibc(name) == "");
  }
  if (saved) {
    setenv("TZ", previous.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

BOOST_AUTO_TEST_CASE(maps_wall_times_across_shifts) {
  const TimeZone berlin = testing::MustLoad("Europe/Berlin");
  const LocalTimeMapping normal = berlin.FromLocal(Local("2024-06-01 12:00:00"));
  BOOST_TEST(normal.count == 1);
  BOOST_TEST((normal.earliest == Sys("2024-06-01 10:00:00")));

  const LocalTimeMapping skipped = berlin.FromLocal(Local("2024-03-31 02:30:00"));
  BOOST_TEST(skipped.count == 0);
  BOOST_TEST((skipped.transition == Sys("2024-03-31 01:00:00")));

  const LocalTimeMapping repeated = berlin.FromLocal(Local("2024-10-27 02:30:00"));
  BOOST_TEST(repeated.count == 2);
  BOOST_TEST((repeated.earliest == Sys("2024-10-27 00:30:00")));
  BOOST_TEST((repeated.transition == Sys("2024-10-27 01:00:00")));

  BOOST_TEST((berlin.ToLocal(Sys("2024-10-27 01:30:00")) == Local("2024-10-27 02:30:00")));
}

BOOST_AUTO_TEST_CASE(reads_posix_tz_strings) {
  auto rule = TimeZone::FromPosix("CET-1CEST,M3.5.0,M10.5.0/3");
  BOOST_REQUIRE_MESSAGE(rule.ok(), rule.error());
  const TimeZone berlin = testing::MustLoad("Europe/Berlin");
  int disagreements = 0;
  for (sys_seconds t = Sys("2024-01-01 00:00:00"); t < Sys("2026-01-01 00:00:00");
       t += seconds{900}) {
    if (rule->OffsetAt(t) != berlin.OffsetAt(t)) ++disagreements;
  }
  BOOST_TEST(disagreements == 0);
  auto india = TimeZone::FromPosix("<+0530>-5:30");
  BOOST_REQUIRE(india.ok());
  BOOST_TEST(india->OffsetAt(Sys("2024-06-01 00:00:00")).count() == 19800);
  // No rules: glibc's default, the US ones (second Sunday of March to first Sunday of November).
  auto eastern = TimeZone::FromPosix("EST5EDT");
  BOOST_REQUIRE(eastern.ok());
  BOOST_TEST(eastern->OffsetAt(Sys("2024-03-10 06:59:59")).count() == -18000);
  BOOST_TEST(eastern->OffsetAt(Sys("2024-03-10 07:00:00")).count() == -14400);
  for (const char* bad : {"", "C", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                          "CET-1CEST,M3.5.0,M10.5.0/3x", "<+05", "CET-25"}) {
    BOOST_TEST(!TimeZone::FromPosix(bad).ok(), "'" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(refuses_bad_names_and_files) {
  for (const char* name : {"", "/etc/passwd", "../../etc/passwd", "Europe/../../etc/passwd",
                           "No/Such_Zone", "Europe"}) {
    auto zone = TimeZone::Load(name);
    BOOST_TEST(!zone.ok(), "'" << name << "'");
    BOOST_TEST(zone.error().find("time zone '") == 0u, zone.error());
  }
  BOOST_TEST(!TimeZone::FromTzif("junk", "TZif2 but not really").ok());
  BOOST_TEST(TimeZone::Utc().OffsetAt(Sys("2024-06-01 00:00:00")).count() == 0);
}

BOOST_AUTO_TEST_CASE(host_zone_agrees_with_glibc) {
  tzset();
  const int64_t now =
      std::chrono::floor<seconds>(std::chrono::system_clock::now()).time_since_epoch().count();
  BOOST_TEST(TimeZone::Host().OffsetAt(sys_seconds{seconds{now}}).count() == GlibcOffset(now),
             "host zone " << TimeZone::Host().name());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch::cron
