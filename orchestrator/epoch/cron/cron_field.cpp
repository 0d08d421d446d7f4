// Field grammar: "*", "?", n, a-b, lists, steps (*/s, a/s, a-b/s), names, and the day markers.
#include "orchestrator/epoch/cron/cron_field.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string>

namespace drove::epoch::cron {
namespace {

constexpr std::string_view kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::string_view kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldInfo {
  const char* name;
  int min;
  int max;
  std::span<const std::string_view> names;  // names[i] stands for value i + 1
};

const FieldInfo& Info(CronField field) {
  static const FieldInfo kInfo[] = {{"seconds", 0, 59, {}},
                                    {"minutes", 0, 59, {}},
                                    {"hours", 0, 23, {}},
                                    {"day-of-month", 1, 31, {}},
                                    {"month", 1, 12, kMonthNames},
                                    {"day-of-week", 1, 7, kDayNames},
                                    {"year", kMinYear, kMaxYear, {}}};
  return kInfo[static_cast<int>(field)];
}

class FieldParser {
 public:
  FieldParser(CronField field, CronSchedule* schedule)
      : field_(field), info_(Info(field)), schedule_(schedule) {}

  core::Status ParseItem(std::string_view item);

 private:
  core::Status Fail(const std::string& rule) const {
    return core::Status::Error(std::string(info_.name) + ": " + rule);
  }
  core::Result<int> Number(std::string_view token, const char* what, int low, int high) const;
  core::Result<int> Value(std::string_view token) const;
  core::Result<int> RangeEnd(std::string_view token) const;
  core::Status Range(int from, int to, int step);
  void Set(int value);
  std::optional<core::Status> DayOfMonthMarker(std::string_view item);
  std::optional<core::Status> DayOfWeekMarker(std::string_view item);

  CronField field_;
  const FieldInfo& info_;
  CronSchedule* schedule_;
};

core::Result<int> FieldParser::Number(std::string_view token, const char* what, int low,
                                      int high) const {
  if (token.empty()) return Fail(std::string("missing ") + what);
  int value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') {
      return Fail(std::string("invalid ") + what + " '" + std::string(token) + "'");
    }
    value = std::min(value * 10 + (c - '0'), 1'000'000);  // saturates: only the range check follows
  }
  if (value < low || value > high) {
    return Fail(std::string(what) + " " + std::string(token) + " out of range " +
                std::to_string(low) + "-" + std::to_string(high));
  }
  return value;
}

core::Result<int> FieldParser::Value(std::string_view token) const {
  for (size_t i = 0; i < info_.names.size(); ++i) {
    if (info_.names[i] == token) return static_cast<int>(i) + 1;
  }
  return Number(token, "value", info_.min, info_.max);
}

// A range may end at 'L' in the day fields: the month's last day (31 covers every month, a day the
// month lacks never fires) or SAT. cron-utils accepts this too but then fails computing fire times.
core::Result<int> FieldParser::RangeEnd(std::string_view token) const {
  const bool day_field = field_ == CronField::kDayOfMonth || field_ == CronField::kDayOfWeek;
  if (token == "L" && day_field) return info_.max;
  return Value(token);
}

// Ranges wrap past the field's end as in Quartz ("22-2" is 22,23,0,1,2; "FRI-MON" is FRI..MON);
// cron-utils wraps only day-of-week. Years are strict, as in cron-utils.
core::Status FieldParser::Range(int from, int to, int step) {
  if (from > to && field_ == CronField::kYear) {
    return Fail("range " + std::to_string(from) + "-" + std::to_string(to) + " is reversed");
  }
  const int span = info_.max - info_.min + 1;
  const int length = (to - from + span) % span;
  for (int i = 0; i <= length; i += step) Set(info_.min + (from - info_.min + i) % span);
  return core::Status::Ok();
}

void FieldParser::Set(int value) {
  switch (field_) {
    case CronField::kSeconds:
      schedule_->seconds.set(value);
      break;
    case CronField::kMinutes:
      schedule_->minutes.set(value);
      break;
    case CronField::kHours:
      schedule_->hours.set(value);
      break;
    case CronField::kDayOfMonth:
      schedule_->days.set(value);
      break;
    case CronField::kMonth:
      schedule_->months.set(value);
      break;
    case CronField::kDayOfWeek:
      schedule_->weekdays.set(value);
      break;
    case CronField::kYear:
      schedule_->years.set(value - kMinYear);
      break;
  }
}

// "L", "L-n", "LW", "nW"; nullopt when `item` is none of them.
std::optional<core::Status> FieldParser::DayOfMonthMarker(std::string_view item) {
  if (item == "L") {
    schedule_->days_before_last.set(0);
  } else if (item == "LW") {
    schedule_->last_weekday = true;
  } else if (item.starts_with("L-")) {
    auto days = Number(item.substr(2), "offset", 1, 31);  // cron-utils' bound: L-0 is refused
    if (!days.ok()) return days.status();
    schedule_->days_before_last.set(*days);
  } else if (item.size() > 1 && item.back() == 'W') {
    auto day = Value(item.substr(0, item.size() - 1));
    if (!day.ok()) return day.status();
    schedule_->nearest_weekdays.set(*day);
  } else {
    return std::nullopt;
  }
  return core::Status::Ok();
}

// "L" (SAT, as in Quartz), "nL", "n#k"; nullopt when `item` is none of them.
std::optional<core::Status> FieldParser::DayOfWeekMarker(std::string_view item) {
  const size_t hash = item.find('#');
  if (item == "L") {
    schedule_->weekdays.set(7);
  } else if (hash != std::string_view::npos) {
    auto day = Value(item.substr(0, hash));
    if (!day.ok()) return day.status();
    // cron-utils bounds k by the day-of-week range; a 6th or 7th weekday never occurs.
    auto nth = Number(item.substr(hash + 1), "occurrence", 1, 7);
    if (!nth.ok()) return nth.status();
    schedule_->nth_weekdays[*day].set(*nth);
  } else if (item.size() > 1 && item.back() == 'L' && item.find_first_of("-/") == item.npos) {
    auto day = Value(item.substr(0, item.size() - 1));
    if (!day.ok()) return day.status();
    schedule_->last_weekdays.set(*day);
  } else {
    return std::nullopt;
  }
  return core::Status::Ok();
}

core::Status FieldParser::ParseItem(std::string_view item) {
  if (item.empty()) return Fail("empty list item");
  if (item == "?") {
    const bool day_field = field_ == CronField::kDayOfMonth || field_ == CronField::kDayOfWeek;
    return Fail(day_field ? "'?' must stand alone"
                          : "'?' is allowed only in day-of-month and day-of-week");
  }
  if (field_ == CronField::kDayOfMonth) {
    if (auto marker = DayOfMonthMarker(item)) return *marker;
  }
  if (field_ == CronField::kDayOfWeek) {
    if (auto marker = DayOfWeekMarker(item)) return *marker;
  }
  const size_t slash = item.find('/');
  const std::string_view base = item.substr(0, slash);
  int step = 1;
  if (slash != std::string_view::npos) {
    // cron-utils' bound on a period: at most the field's width and at most its largest value.
    const int max_step = std::min(info_.max - info_.min + 1, info_.max);
    auto parsed = Number(item.substr(slash + 1), "step", 1, max_step);
    if (!parsed.ok()) return parsed.status();
    step = *parsed;
  }
  // An empty base ("/5") is "*/5", as cron-utils reads it.
  if (base.empty() || base == "*") return Range(info_.min, info_.max, step);
  const size_t dash = base.find('-');
  if (dash == std::string_view::npos) {
    auto value = Value(base);
    if (!value.ok()) return value.status();
    return Range(*value, slash == std::string_view::npos ? *value : info_.max, step);
  }
  auto from = Value(base.substr(0, dash));
  if (!from.ok()) return from.status();
  auto to = RangeEnd(base.substr(dash + 1));
  if (!to.ok()) return to.status();
  return Range(*from, *to, step);
}

}  // namespace

const char* CronFieldName(CronField field) { return Info(field).name; }

core::Status ParseCronField(std::string_view text, CronField field, CronSchedule* schedule) {
  if (text == "?" && (field == CronField::kDayOfMonth || field == CronField::kDayOfWeek)) {
    return core::Status::Ok();
  }
  FieldParser parser(field, schedule);
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    core::Status status = parser.ParseItem(text.substr(start, comma - start));
    if (!status.ok() || comma == std::string_view::npos) return status;
    start = comma + 1;
  }
}

}  // namespace drove::epoch::cron
