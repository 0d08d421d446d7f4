// Day rules resolved for one month: plain days, L-n, nW, LW, weekdays, nL and n#k.
#include "orchestrator/epoch/cron/cron_days.h"

#include <chrono>

namespace drove::epoch::cron {
namespace {

// Quartz numbering: 1 = SUN .. 7 = SAT.
constexpr unsigned kSunday = 1;
constexpr unsigned kSaturday = 7;

struct MonthShape {
  unsigned last_day;       // 28-31
  unsigned first_weekday;  // the weekday of day 1, Quartz numbering
  unsigned WeekdayOf(unsigned day) const { return (first_weekday - 1 + day - 1) % 7 + 1; }
};

MonthShape ShapeOf(int year, unsigned month) {
  using namespace std::chrono;
  const year_month ym{std::chrono::year{year}, std::chrono::month{month}};
  const weekday first{sys_days{ym / 1}};
  return {static_cast<unsigned>((ym / last).day()), first.c_encoding() + 1};
}

// The weekday nearest `day` without leaving the month (Quartz's W): a Saturday moves to Friday,
// or to Monday the 3rd when it is the 1st; a Sunday moves to Monday, or to Friday when it is the
// last day. cron-utils keeps a month-end Sunday as is; Quartz's rule is the documented one.
unsigned NearestWeekday(const MonthShape& shape, unsigned day) {
  const unsigned weekday = shape.WeekdayOf(day);
  if (weekday == kSaturday) return day == 1 ? 3 : day - 1;
  if (weekday == kSunday) return day == shape.last_day ? day - 2 : day + 1;
  return day;
}

std::bitset<32> DayOfMonthDays(const CronSchedule& schedule, const MonthShape& shape) {
  std::bitset<32> days = schedule.days;
  for (unsigned n = 0; n < shape.last_day; ++n) {
    if (schedule.days_before_last[n]) days.set(shape.last_day - n);
  }
  for (unsigned day = 1; day <= shape.last_day; ++day) {
    if (schedule.nearest_weekdays[day]) days.set(NearestWeekday(shape, day));
  }
  if (schedule.last_weekday) {
    unsigned day = shape.last_day;
    while (shape.WeekdayOf(day) == kSunday || shape.WeekdayOf(day) == kSaturday) --day;
    days.set(day);
  }
  return days;
}

std::bitset<32> DayOfWeekDays(const CronSchedule& schedule, const MonthShape& shape) {
  std::bitset<32> days;
  for (unsigned day = 1; day <= shape.last_day; ++day) {
    const unsigned weekday = shape.WeekdayOf(day);
    const bool last_of_its_kind = day + 7 > shape.last_day;
    if (schedule.weekdays[weekday] || schedule.nth_weekdays[weekday][(day - 1) / 7 + 1] ||
        (last_of_its_kind && schedule.last_weekdays[weekday])) {
      days.set(day);
    }
  }
  return days;
}

}  // namespace

std::bitset<32> FiringDays(const CronSchedule& schedule, int year, unsigned month) {
  const MonthShape shape = ShapeOf(year, month);
  std::bitset<32> days = schedule.day_field == DayField::kDayOfMonth
                             ? DayOfMonthDays(schedule, shape)
                             : DayOfWeekDays(schedule, shape);
  days.reset(0);
  for (unsigned day = shape.last_day + 1; day < days.size(); ++day) days.reset(day);
  return days;
}

}  // namespace drove::epoch::cron
