// Dropwizard duration parsing/printing and docker size parsing.
#include "orchestrator/core/model/duration.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

struct UnitName {
  std::string_view suffix;
  DurationUnit unit;
};

constexpr std::array<UnitName, 23> kSuffixes = {{
    {"ns", DurationUnit::kNanoseconds},       {"nanosecond", DurationUnit::kNanoseconds},
    {"nanoseconds", DurationUnit::kNanoseconds}, {"us", DurationUnit::kMicroseconds},
    {"microsecond", DurationUnit::kMicroseconds}, {"microseconds", DurationUnit::kMicroseconds},
    {"ms", DurationUnit::kMilliseconds},      {"millisecond", DurationUnit::kMilliseconds},
    {"milliseconds", DurationUnit::kMilliseconds}, {"s", DurationUnit::kSeconds},
    {"second", DurationUnit::kSeconds},       {"seconds", DurationUnit::kSeconds},
    {"m", DurationUnit::kMinutes},            {"min", DurationUnit::kMinutes},
    {"mins", DurationUnit::kMinutes},         {"minute", DurationUnit::kMinutes},
    {"minutes", DurationUnit::kMinutes},      {"h", DurationUnit::kHours},
    {"hour", DurationUnit::kHours},           {"hours", DurationUnit::kHours},
    {"d", DurationUnit::kDays},               {"day", DurationUnit::kDays},
    {"days", DurationUnit::kDays},
}};

std::string_view PluralName(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::kNanoseconds: return "nanoseconds";
    case DurationUnit::kMicroseconds: return "microseconds";
    case DurationUnit::kMilliseconds: return "milliseconds";
    case DurationUnit::kSeconds: return "seconds";
    case DurationUnit::kMinutes: return "minutes";
    case DurationUnit::kHours: return "hours";
    case DurationUnit::kDays: return "days";
  }
  return "seconds";
}

// Nanoseconds per unit.
int64_t NanosPer(DurationUnit unit) {
  switch (unit) {
    case DurationUnit::kNanoseconds: return 1;
    case DurationUnit::kMicroseconds: return 1'000;
    case DurationUnit::kMilliseconds: return 1'000'000;
    case DurationUnit::kSeconds: return 1'000'000'000;
    case DurationUnit::kMinutes: return 60'000'000'000;
    case DurationUnit::kHours: return 3'600'000'000'000;
    case DurationUnit::kDays: return 86'400'000'000'000;
  }
  return 1;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

int64_t SaturatingMul(int64_t count, int64_t factor) {
  if (count > std::numeric_limits<int64_t>::max() / factor) {
    return std::numeric_limits<int64_t>::max();
  }
  if (count < std::numeric_limits<int64_t>::min() / factor) {
    return std::numeric_limits<int64_t>::min();
  }
  return count * factor;
}

}  // namespace

std::optional<Duration> Duration::Parse(std::string_view text) {
  std::string_view s = Trim(text);
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  int64_t count = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + digits, count);
  if (ec != std::errc() || end != s.data() + digits) return std::nullopt;
  std::string_view rest = Trim(s.substr(digits));
  for (const UnitName& u : kSuffixes) {
    if (u.suffix == rest) return Duration{count, u.unit};
  }
  return std::nullopt;
}

std::string Duration::ToString() const {
  std::string_view units = PluralName(unit);
  if (count == 1) units.remove_suffix(1);
  return std::to_string(count) + " " + std::string(units);
}

std::chrono::nanoseconds Duration::ToNanos() const {
  return std::chrono::nanoseconds(SaturatingMul(count, NanosPer(unit)));
}

std::chrono::milliseconds Duration::ToMillis() const {
  switch (unit) {
    case DurationUnit::kNanoseconds: return std::chrono::milliseconds(count / 1'000'000);
    case DurationUnit::kMicroseconds: return std::chrono::milliseconds(count / 1'000);
    default: return std::chrono::milliseconds(SaturatingMul(count, NanosPer(unit) / 1'000'000));
  }
}

void to_json(nlohmann::json& j, const Duration& d) { j = d.ToString(); }

void from_json(const nlohmann::json& j, Duration& d) { ReadJson(j, "", &d); }

void ReadJson(const nlohmann::json& j, const std::string& path, Duration* out) {
  std::string text = ReadString(j, path);
  std::optional<Duration> d = Duration::Parse(text);
  if (!d) ThrowParseError(path, "cannot parse duration \"" + text + "\"");
  *out = *d;
}

std::optional<int64_t> ParseSizeBytes(std::string_view text) {
  std::string_view s = Trim(text);
  // Number: digits, optionally "." digits (docker allows decimals).
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    size_t frac_start = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == frac_start) return std::nullopt;
  }
  std::string number(s.substr(0, i));
  std::string_view unit = s.substr(i);
  if (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double multiplier = 1;
  if (!unit.empty()) {
    switch (std::tolower(static_cast<unsigned char>(unit.front()))) {
      case 'k': multiplier = 1024.0; unit.remove_prefix(1); break;
      case 'm': multiplier = 1024.0 * 1024; unit.remove_prefix(1); break;
      case 'g': multiplier = 1024.0 * 1024 * 1024; unit.remove_prefix(1); break;
      case 't': multiplier = 1024.0 * 1024 * 1024 * 1024; unit.remove_prefix(1); break;
      case 'p': multiplier = 1024.0 * 1024 * 1024 * 1024 * 1024; unit.remove_prefix(1); break;
      default: break;
    }
    if (multiplier > 1 && !unit.empty() && (unit.front() == 'i' || unit.front() == 'I')) {
      unit.remove_prefix(1);
    }
    if (!unit.empty() && (unit.front() == 'b' || unit.front() == 'B')) unit.remove_prefix(1);
    if (!unit.empty()) return std::nullopt;
  }
  double value = std::strtod(number.c_str(), nullptr) * multiplier;
  if (!std::isfinite(value) || value >= 9.2e18) return std::nullopt;
  return static_cast<int64_t>(value);
}

}  // namespace drove::core
