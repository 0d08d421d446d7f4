// Helpers for the cron tests: instants written as text, zones that must load.
#pragma once

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "orchestrator/epoch/cron/cron_parser.h"
#include "orchestrator/epoch/cron/next_fire.h"
#include "orchestrator/epoch/cron/time_zone.h"

namespace drove::epoch::cron::testing {

using Clock = std::chrono::system_clock;

// "2024-03-31 01:00:00" (UTC) or "2024-03-31 03:00:00 +02:00".
inline Clock::time_point At(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0;
  char sign = '+';
  const int read = std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d %c%d:%d", &y, &mo, &d, &h, &mi, &s,
                               &sign, &oh, &om);
  BOOST_REQUIRE_MESSAGE(read == 6 || read == 9, "bad time in test: " + text);
  using namespace std::chrono;
  const sys_days day{year{y} / month{static_cast<unsigned>(mo)} / d};
  const seconds offset = (sign == '-' ? -1 : 1) * (hours{oh} + minutes{om});
  return Clock::time_point{day} + hours{h} + minutes{mi} + seconds{s} - offset;
}

inline std::string Format(std::optional<Clock::time_point> t) {
  if (!t) return "none";
  using namespace std::chrono;
  const auto second = floor<seconds>(*t);
  const auto day = floor<days>(second);
  const year_month_day date{day};
  const hh_mm_ss time{second - day};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02ld UTC",
                static_cast<int>(date.year()), unsigned{date.month()}, unsigned{date.day()},
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return text;
}

inline TimeZone MustLoad(const std::string& name) {
  auto zone = TimeZone::Load(name);
  BOOST_REQUIRE_MESSAGE(zone.ok(), zone.error());
  return *zone;
}

inline CronExpression MustParse(const std::string& text) {
  auto expression = ParseCron(text);
  BOOST_REQUIRE_MESSAGE(expression.ok(), text + ": " + expression.error());
  return *expression;
}

}  // namespace drove::epoch::cron::testing
