// Dropwizard durations ("5m", "300 seconds") and docker size strings ("10m", "1g").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace drove::core {

enum class DurationUnit { kNanoseconds, kMicroseconds, kMilliseconds, kSeconds, kMinutes, kHours, kDays };

// A count in a unit, as Dropwizard keeps it ("5m" stays 5 minutes, not 300 seconds).
struct Duration {
  int64_t count = 0;
  DurationUnit unit = DurationUnit::kSeconds;

  static Duration Milliseconds(int64_t n) { return {n, DurationUnit::kMilliseconds}; }
  static Duration Seconds(int64_t n) { return {n, DurationUnit::kSeconds}; }
  static Duration Minutes(int64_t n) { return {n, DurationUnit::kMinutes}; }

  // Parses `<int><optional spaces><unit>`, surrounding whitespace ignored. Units are case-sensitive:
  // ns nanosecond(s) us microsecond(s) ms millisecond(s) s second(s) m min mins minute(s) h hour(s)
  // d day(s). nullopt on anything else (including a count that overflows int64).
  static std::optional<Duration> Parse(std::string_view text);

  // "<n> <lowercase plural unit>", singular for 1: "5 minutes", "1 second".
  std::string ToString() const;
  // Saturates at the int64 limits instead of overflowing.
  std::chrono::milliseconds ToMillis() const;
  std::chrono::nanoseconds ToNanos() const;

  bool operator==(const Duration&) const = default;
};

// Written as its normalised string; read from a string (`path: cannot parse duration "x"`).
void to_json(nlohmann::json& j, const Duration& d);    // NOLINT: nlohmann ADL name
void from_json(const nlohmann::json& j, Duration& d);  // NOLINT: nlohmann ADL name
void ReadJson(const nlohmann::json& j, const std::string& path, Duration* out);

// Docker json-file size ("512k", "10m", "100m", "1g", "2GiB", "1024"): binary multiples,
// case-insensitive unit, optional "i"/"b" suffixes, decimals allowed. nullopt if unparseable,
// negative or too large.
std::optional<int64_t> ParseSizeBytes(std::string_view text);

}  // namespace drove::core
