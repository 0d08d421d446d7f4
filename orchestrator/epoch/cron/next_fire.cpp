// The next-fire search: first the next matching local wall time, then its instant in the zone.
#include "orchestrator/epoch/cron/next_fire.h"

#include <algorithm>

#include "orchestrator/epoch/cron/cron_days.h"

namespace drove::epoch::cron {
namespace {

using std::chrono::local_days;
using std::chrono::local_seconds;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// The smallest set bit >= `from`, or -1.
template <size_t N>
int NextBit(const std::bitset<N>& bits, int from) {
  for (int i = std::max(from, 0); i < static_cast<int>(N); ++i) {
    if (bits[i]) return i;
  }
  return -1;
}

// The first time of day (seconds after midnight) >= `time` the schedule allows, or -1.
int NextTimeOfDay(const CronSchedule& schedule, int time) {
  const int hour = time / 3600;
  const int minute = time / 60 % 60;
  const int second = time % 60;
  for (int h = NextBit(schedule.hours, hour); h >= 0; h = NextBit(schedule.hours, h + 1)) {
    const int first_minute = h == hour ? minute : 0;
    for (int m = NextBit(schedule.minutes, first_minute); m >= 0;
         m = NextBit(schedule.minutes, m + 1)) {
      const int s = NextBit(schedule.seconds, h == hour && m == minute ? second : 0);
      if (s >= 0) return h * 3600 + m * 60 + s;
    }
  }
  return -1;
}

// The first local wall time >= `from` the schedule matches, ignoring time zones.
std::optional<local_seconds> NextLocalMatch(const CronSchedule& schedule, local_seconds from) {
  using namespace std::chrono;
  const local_days from_day = floor<days>(from);
  const year_month_day from_date{from_day};
  int year = static_cast<int>(from_date.year());
  unsigned month = unsigned{from_date.month()};
  int day = static_cast<int>(unsigned{from_date.day()});
  int time = static_cast<int>((from - from_day).count());
  if (year < kMinYear) {
    year = kMinYear;
    month = 1;
    day = 1;
    time = 0;
  }
  while (year <= kMaxYear) {
    if (!schedule.years[year - kMinYear]) {
      const int next_year = NextBit(schedule.years, year - kMinYear + 1);
      if (next_year < 0) return std::nullopt;
      year = next_year + kMinYear;
      month = 1;
      day = 1;
      time = 0;
      continue;
    }
    if (schedule.months[month]) {
      const std::bitset<32> days = FiringDays(schedule, year, month);
      for (int d = NextBit(days, day); d >= 0; d = NextBit(days, d + 1)) {
        const int at = NextTimeOfDay(schedule, d == day ? time : 0);
        if (at < 0) continue;
        const local_days date{std::chrono::year{year} / std::chrono::month{month} / d};
        return local_seconds{date} + seconds{at};
      }
    }
    if (++month > 12) {
      month = 1;
      ++year;
    }
    day = 1;
    time = 0;
  }
  return std::nullopt;
}

std::optional<sys_seconds> NextFireOf(const CronSchedule& schedule, sys_seconds after,
                                      const TimeZone& zone) {
  local_seconds from = zone.ToLocal(after) + seconds{1};
  while (true) {
    const std::optional<local_seconds> local = NextLocalMatch(schedule, from);
    if (!local) return std::nullopt;
    const LocalTimeMapping mapping = zone.FromLocal(*local);
    if (mapping.count >= 1 && mapping.earliest > after) return mapping.earliest;
    if (mapping.count == 0) {
      // Skipped by a spring-forward shift: go on from the first wall time after it.
      from = std::max(zone.ToLocal(mapping.transition), *local + seconds{1});
    } else if (mapping.count == 2) {
      // `after` is in a fall-back repetition; wall times up to the shift fired before it.
      from =
          std::max(zone.ToLocal(mapping.transition - seconds{1}) + seconds{1}, *local + seconds{1});
    } else {
      from = *local + seconds{1};
    }
  }
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> NextFire(
    const CronExpression& expression, std::chrono::system_clock::time_point after,
    const TimeZone& zone) {
  const sys_seconds after_second = std::chrono::floor<seconds>(after);
  std::optional<sys_seconds> best;
  for (const CronSchedule& schedule : expression.schedules) {
    const std::optional<sys_seconds> fire = NextFireOf(schedule, after_second, zone);
    if (fire && (!best || *fire < *best)) best = fire;
  }
  if (!best) return std::nullopt;
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(*best);
}

}  // namespace drove::epoch::cron
