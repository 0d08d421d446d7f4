// Property test: over random expressions, NextFire agrees with a second-by-second search that
// uses its own day rules and its own reading of DST (a wall time fires at its first showing).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/cron/cron_test_util.h"

namespace drove::epoch::cron {
namespace {

using namespace std::chrono;

// Quartz numbering: 1 = SUN .. 7 = SAT.
unsigned WeekdayOf(int y, unsigned m, unsigned d) {
  return weekday{sys_days{year{y} / month{m} / day{d}}}.c_encoding() + 1;
}

bool IsWeekday(int y, unsigned m, unsigned d) {
  const unsigned w = WeekdayOf(y, m, d);
  return w != 1 && w != 7;
}

// The weekday closest to `n` inside the month (distances 1 and 2 never tie).
unsigned NearestWeekday(int y, unsigned m, unsigned n, unsigned last) {
  for (unsigned distance = 0;; ++distance) {
    if (n > distance && IsWeekday(y, m, n - distance)) return n - distance;
    if (n + distance <= last && IsWeekday(y, m, n + distance)) return n + distance;
  }
}

bool DayMatches(const CronSchedule& s, int y, unsigned m, unsigned d) {
  const unsigned last = unsigned{(year{y} / month{m} / std::chrono::last).day()};
  if (s.day_field == DayField::kDayOfWeek) {
    const unsigned w = WeekdayOf(y, m, d);
    return s.weekdays[w] || s.nth_weekdays[w][(d + 6) / 7] || (s.last_weekdays[w] && d + 7 > last);
  }
  if (s.days[d] || s.days_before_last[last - d]) return true;
  for (unsigned n = 1; n <= last; ++n) {
    if (s.nearest_weekdays[n] && NearestWeekday(y, m, n, last) == d) return true;
  }
  if (!s.last_weekday || !IsWeekday(y, m, d)) return false;
  for (unsigned later = d + 1; later <= last; ++later) {
    if (IsWeekday(y, m, later)) return false;
  }
  return true;
}

bool DateMatches(const CronSchedule& s, local_days day) {
  const year_month_day date{day};
  const int y = static_cast<int>(date.year());
  return y >= kMinYear && y <= kMaxYear && s.years[y - kMinYear] &&
         s.months[unsigned{date.month()}] &&
         DayMatches(s, y, unsigned{date.month()}, unsigned{date.day()});
}

bool MinuteMatches(const CronSchedule& s, int time_of_day) {
  return s.minutes[time_of_day / 60 % 60] && s.hours[time_of_day / 3600];
}

// True when no earlier instant showed the same wall time as `instant`.
bool FirstShowing(const TimeZone& zone, sys_seconds instant) {
  const local_seconds local = zone.ToLocal(instant);
  for (const sys_seconds probe : {instant - days{1}, instant + days{1}}) {
    const sys_seconds other{local.time_since_epoch() - zone.OffsetAt(probe)};
    if (other < instant && zone.ToLocal(other) == local) return false;
  }
  return true;
}

// Every second in (after, until], with the date rules cached per local day, and quick exits:
// a minute no schedule fires in is left at once (offsets and shifts here fall on whole minutes,
// so the rest of a minute has one offset); a day no schedule fires on, two hours short of its
// midnight (offsets here shift by at most an hour, so that never jumps into the next day).
std::vector<sys_seconds> BruteForce(const CronExpression& expression, const TimeZone& zone,
                                    sys_seconds after, sys_seconds until, size_t limit) {
  std::vector<sys_seconds> fires;
  std::vector<bool> date_matches(expression.schedules.size());
  local_days cached_day{days{-1'000'000}};
  for (sys_seconds t = after + seconds{1}; t <= until && fires.size() < limit;) {
    const local_seconds local = zone.ToLocal(t);
    const local_days day = floor<days>(local);
    if (day != cached_day) {
      for (size_t i = 0; i < date_matches.size(); ++i) {
        date_matches[i] = DateMatches(expression.schedules[i], day);
      }
      cached_day = day;
    }
    if (std::find(date_matches.begin(), date_matches.end(), true) == date_matches.end()) {
      t += std::max(seconds{1}, (day + days{1}) - local - hours{2});
      continue;
    }
    const int time_of_day = static_cast<int>((local - day).count());
    bool minute_matches = false;
    for (size_t i = 0; i < date_matches.size(); ++i) {
      const CronSchedule& schedule = expression.schedules[i];
      if (!date_matches[i] || !MinuteMatches(schedule, time_of_day)) continue;
      minute_matches = true;
      if (schedule.seconds[time_of_day % 60] && FirstShowing(zone, t)) {
        fires.push_back(t);
        break;
      }
    }
    t += seconds{minute_matches ? 1 : 60 - time_of_day % 60};
  }
  return fires;
}

std::vector<sys_seconds> Search(const CronExpression& expression, const TimeZone& zone,
                                sys_seconds after, sys_seconds until, size_t limit) {
  std::vector<sys_seconds> fires;
  auto at = NextFire(expression, after, zone);
  while (at && *at <= until && fires.size() < limit) {
    fires.push_back(floor<seconds>(*at));
    at = NextFire(expression, *at, zone);
  }
  return fires;
}

// Expressions that fire often enough for a three-day window, with the day markers near month ends.
std::string RandomExpression(std::mt19937& rng) {
  auto pick = [&rng](const std::vector<std::string>& choices) {
    return choices[std::uniform_int_distribution<size_t>(0, choices.size() - 1)(rng)];
  };
  const std::string second = pick({"0", "*/15", "0,30", "10-20/5", "*", "45", "5/20", "58-2"});
  const std::string minute = pick({"*", "0", "*/10", "15,45", "0-5", "30", "50-10", "*/7"});
  const std::string hour = pick({"*", "*/2", "1-3", "2", "22-3", "0,12", "9-17/4", "*/5"});
  // "*" is repeated to weight it: most expressions should fire within the window.
  std::string days = pick({"*", "*", "*", "*", "L", "L-1", "LW", "15W", "1W", "31W", "1,15", "28-L",
                           "*/3", "30", "29", "L-3,2"}) +
                     " " + pick({"*", "*", "*", "*", "1-6", "MAR,OCT,NOV", "FEB"}) + " ?";
  if (std::uniform_int_distribution<int>(0, 1)(rng)) {
    days = "? " + pick({"*", "*", "*", "FEB-DEC", "1,3"}) + " " +
           pick({"*", "*", "*", "MON-FRI", "1L", "6#1", "SUN", "FRI-MON", "2#5", "L", "1,4",
                 "7#4,1#1"});
  }
  const std::string year = pick({"", "", "", " *", " 2023-2026"});
  std::string text = second + " " + minute + " " + hour + " " + days + year;
  if (std::uniform_int_distribution<int>(0, 5)(rng) == 0) text += "||" + RandomExpression(rng);
  return text;
}

// Half the references fall within hours before a DST shift (Berlin's and New York's, both ways),
// the rest within a day and a half of month ends, leap days and the 1st, 14th and 15th.
sys_seconds RandomAfter(std::mt19937& rng) {
  static const std::vector<std::string> kShifts = {"2024-03-31 01:00:00", "2024-10-27 01:00:00",
                                                   "2024-03-10 07:00:00", "2024-11-03 06:00:00",
                                                   "2025-03-30 01:00:00", "2025-11-02 06:00:00"};
  static const std::vector<std::string> kDays = {
      "2024-02-28 12:00:00", "2023-02-27 12:00:00", "2024-05-31 12:00:00", "2024-08-30 00:00:00",
      "2024-12-31 12:00:00", "2024-06-14 00:00:00", "2024-09-14 00:00:00", "2026-01-31 00:00:00"};
  auto pick = [&rng](const std::vector<std::string>& choices) {
    return floor<seconds>(
        testing::At(choices[std::uniform_int_distribution<size_t>(0, choices.size() - 1)(rng)]));
  };
  if (std::uniform_int_distribution<int>(0, 1)(rng)) {
    return pick(kShifts) + seconds{std::uniform_int_distribution<int>(-3 * 3600, 3600)(rng)};
  }
  return pick(kDays) + seconds{std::uniform_int_distribution<int>(-36 * 3600, 36 * 3600)(rng)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(next_fire_property)

BOOST_AUTO_TEST_CASE(agrees_with_a_second_by_second_search) {
  std::mt19937 rng(20240331);
  constexpr int kCasesPerZone = 400;
  constexpr size_t kFires = 8;
  for (const TimeZone& zone : {TimeZone::Utc(), testing::MustLoad("Europe/Berlin"),
                               testing::MustLoad("America/New_York")}) {
    int cases_with_fires = 0;
    for (int i = 0; i < kCasesPerZone; ++i) {
      const std::string text = RandomExpression(rng);
      const CronExpression expression = testing::MustParse(text);
      const sys_seconds after = RandomAfter(rng);
      const sys_seconds until = after + days{3};
      const auto expected = BruteForce(expression, zone, after, until, kFires);
      const auto actual = Search(expression, zone, after, until, kFires);
      if (!expected.empty()) ++cases_with_fires;
      std::string expected_text, actual_text;
      for (auto t : expected) expected_text += testing::Format(t) + "; ";
      for (auto t : actual) actual_text += testing::Format(t) + "; ";
      BOOST_TEST(actual_text == expected_text,
                 zone.name() << " '" << text << "' after " << testing::Format(after));
    }
    // The generator must mostly produce expressions that fire inside the window.
    BOOST_TEST_MESSAGE(zone.name() << ": " << cases_with_fires << " of " << kCasesPerZone
                                   << " cases fire within three days");
    BOOST_TEST(cases_with_fires > kCasesPerZone / 3);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch::cron
