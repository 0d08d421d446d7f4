// The parsed form of a Quartz cron expression (cron-utils 9.2.0 QUARTZ): per-field sets of allowed
// values plus the day-of-month and day-of-week markers (L, L-n, W, LW, nL, n#k).
#pragma once

#include <array>
#include <bitset>
#include <vector>

namespace drove::epoch::cron {

// The QUARTZ year range; cron-utils never fires outside it, even when the year field is absent.
inline constexpr int kMinYear = 1970;
inline constexpr int kMaxYear = 2099;
inline constexpr int kYearCount = kMaxYear - kMinYear + 1;

// Which of day-of-month and day-of-week picks the days; the other one is '?'.
enum class DayField { kDayOfMonth, kDayOfWeek };

// One 6- or 7-field expression. Bit v of a set means value v is allowed; years use bit
// (year - kMinYear). Day-of-week values are Quartz's: 1 = SUN .. 7 = SAT.
struct CronSchedule {
  std::bitset<60> seconds;
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<13> months;  // 1-12
  std::bitset<kYearCount> years;
  DayField day_field = DayField::kDayOfMonth;

  // Day of month, used when day_field is kDayOfMonth.
  std::bitset<32> days;              // 1-31; a day the month lacks never fires
  std::bitset<32> nearest_weekdays;  // nW: the weekday nearest day n, without leaving the month
  std::bitset<32> days_before_last;  // L-n: the last day minus n ("L" is n = 0)
  bool last_weekday = false;         // LW: the last weekday of the month

  // Day of week, used when day_field is kDayOfWeek.
  std::bitset<8> weekdays;                     // 1-7
  std::bitset<8> last_weekdays;                // nL: the last weekday n of the month
  std::array<std::bitset<8>, 8> nth_weekdays;  // [n] bit k: n#k, the k-th weekday n of the month
};

// A whole expression: it fires whenever one of its schedules fires. cron-utils' composites
// ("a|b" inside fields, "expr1||expr2") give several schedules; a plain expression has one.
struct CronExpression {
  std::vector<CronSchedule> schedules;
};

}  // namespace drove::epoch::cron
