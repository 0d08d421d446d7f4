// A POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"): the rule TZif files carry in their footer for
// instants past their transition table (in Debian's tzdata, from 2038 on), and a form $TZ may take.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace drove::epoch::cron {

struct PosixTz {
  // When summer time starts or ends: a day of the year and a local time of day.
  struct Rule {
    enum class Kind { kJulian, kZeroBasedDay, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;    // kJulian: 1-365, Feb 29 never counted; kZeroBasedDay: 0-365
    int month = 0;  // kMonthWeekDay: month 1-12, week 1-5 (5 = last), weekday 0-6 (0 = Sunday)
    int week = 0;
    int weekday = 0;
    int32_t time = 7200;  // seconds after local midnight; may be negative or past 24 h
  };

  int32_t std_offset = 0;  // seconds east of UTC (the string counts west)
  bool has_dst = false;
  int32_t dst_offset = 0;
  Rule dst_start;
  Rule dst_end;
};

std::optional<PosixTz> ParsePosixTz(std::string_view text);

// The offset from UTC, in seconds, in force at `utc` (seconds since the Unix epoch).
int32_t PosixTzOffsetAt(const PosixTz& tz, int64_t utc);

}  // namespace drove::epoch::cron
