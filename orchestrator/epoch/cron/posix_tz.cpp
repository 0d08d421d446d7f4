// POSIX TZ strings (IEEE 1003.1 TZ, with RFC 8536's extensions: hours up to 167, negative times).
#include "orchestrator/epoch/cron/posix_tz.h"

#include <cctype>
#include <chrono>

namespace drove::epoch::cron {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool PeekOffsetStart() const {
    return pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '+' || text_[pos_] == '-');
  }

  // "CET" (3+ letters) or "<+0330>" (3+ letters, digits and signs in angle brackets).
  bool Name() {
    const bool quoted = Take('<');
    size_t length = 0;
    while (pos_ < text_.size()) {
      const unsigned char c = text_[pos_];
      if (!(std::isalpha(c) || (quoted && (std::isdigit(c) || c == '+' || c == '-')))) break;
      ++pos_;
      ++length;
    }
    return length >= 3 && (!quoted || Take('>'));
  }

  std::optional<int> Number(int max) {
    int value = 0;
    size_t digits = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + (text_[pos_++] - '0');
      if (++digits > 3 || value > max) return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds.
  std::optional<int32_t> Duration(int max_hours) {
    int sign = 1;
    if (Take('-')) {
      sign = -1;
    } else {
      Take('+');
    }
    auto hours = Number(max_hours);
    if (!hours) return std::nullopt;
    int32_t seconds = *hours * 3600;
    for (int unit : {60, 1}) {
      if (!Take(':')) break;
      auto part = Number(59);
      if (!part) return std::nullopt;
      seconds += *part * unit;
    }
    return sign * seconds;
  }

  std::optional<PosixTz::Rule> Rule() {
    PosixTz::Rule rule;
    std::optional<int> a;
    if (Take('J')) {
      rule.kind = PosixTz::Rule::Kind::kJulian;
      if (!(a = Number(365)) || *a < 1) return std::nullopt;
      rule.day = *a;
    } else if (Take('M')) {
      rule.kind = PosixTz::Rule::Kind::kMonthWeekDay;
      if (!(a = Number(12)) || *a < 1 || !Take('.')) return std::nullopt;
      rule.month = *a;
      if (!(a = Number(5)) || *a < 1 || !Take('.')) return std::nullopt;
      rule.week = *a;
      if (!(a = Number(6))) return std::nullopt;
      rule.weekday = *a;
    } else {
      rule.kind = PosixTz::Rule::Kind::kZeroBasedDay;
      if (!(a = Number(365))) return std::nullopt;
      rule.day = *a;
    }
    if (Take('/')) {
      auto time = Duration(167);
      if (!time) return std::nullopt;
      rule.time = *time;
    }
    return rule;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// The local day a rule names in `year`.
std::chrono::sys_days RuleDay(const PosixTz::Rule& rule, int year) {
  using namespace std::chrono;
  const std::chrono::year y{year};
  const sys_days january_first{y / January / 1};
  switch (rule.kind) {
    case PosixTz::Rule::Kind::kJulian:
      return january_first + days{rule.day - 1 + (y.is_leap() && rule.day >= 60 ? 1 : 0)};
    case PosixTz::Rule::Kind::kZeroBasedDay:
      return january_first + days{rule.day};
    case PosixTz::Rule::Kind::kMonthWeekDay:
      break;
  }
  const year_month ym = y / std::chrono::month{static_cast<unsigned>(rule.month)};
  const sys_days first{ym / 1};
  const weekday wanted{static_cast<unsigned>(rule.weekday)};
  sys_days day = first + (wanted - weekday{first}) + weeks{rule.week - 1};
  while (day > sys_days{ym / last}) day -= weeks{1};  // week 5 means the last one
  return day;
}

// The UTC second a rule fires at in `year`, read in the local time `offset` in force before it.
int64_t RuleInstant(const PosixTz::Rule& rule, int year, int32_t offset) {
  return RuleDay(rule, year).time_since_epoch().count() * int64_t{86400} + rule.time - offset;
}

}  // namespace

std::optional<PosixTz> ParsePosixTz(std::string_view text) {
  Reader in(text);
  PosixTz tz;
  if (!in.Name()) return std::nullopt;
  auto std_offset = in.Duration(24);
  if (!std_offset) return std::nullopt;
  tz.std_offset = -*std_offset;
  if (in.AtEnd()) return tz;
  if (!in.Name()) return std::nullopt;
  tz.has_dst = true;
  tz.dst_offset = tz.std_offset + 3600;
  if (in.PeekOffsetStart()) {
    auto dst_offset = in.Duration(24);
    if (!dst_offset) return std::nullopt;
    tz.dst_offset = -*dst_offset;
  }
  if (in.AtEnd()) {  // no rules: glibc's default, the US rules
    tz.dst_start = {PosixTz::Rule::Kind::kMonthWeekDay, 0, 3, 2, 0, 7200};
    tz.dst_end = {PosixTz::Rule::Kind::kMonthWeekDay, 0, 11, 1, 0, 7200};
    return tz;
  }
  if (!in.Take(',')) return std::nullopt;
  auto start = in.Rule();
  auto end = in.Take(',') ? in.Rule() : std::nullopt;
  if (!start || !end || !in.AtEnd()) return std::nullopt;
  tz.dst_start = *start;
  tz.dst_end = *end;
  return tz;
}

int32_t PosixTzOffsetAt(const PosixTz& tz, int64_t utc) {
  if (!tz.has_dst) return tz.std_offset;
  using namespace std::chrono;
  const sys_days local_day = floor<days>(sys_seconds{seconds{utc + tz.std_offset}});
  const int year = static_cast<int>(year_month_day{local_day}.year());
  const int64_t start = RuleInstant(tz.dst_start, year, tz.std_offset);
  const int64_t end = RuleInstant(tz.dst_end, year, tz.dst_offset);
  // Southern-hemisphere rules end summer time before they start it within one calendar year.
  const bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
  return dst ? tz.dst_offset : tz.std_offset;
}

}  // namespace drove::epoch::cron
