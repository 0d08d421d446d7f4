// Keeps a storm from writing one log line per refused connection or request: each kind of line
// is due at most once per interval, and then says how many occurrences it stands for.
// Owner: one thread (the server's loop).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace drove::core {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogThrottle(std::chrono::milliseconds interval = std::chrono::seconds(1))
      : interval_(interval) {}

  // Counts one occurrence of `kind`. Returns the occurrences since its last line when a line is
  // due (the first one, then at most one per interval), else nullopt.
  std::optional<long> Due(std::string_view kind, Clock::time_point now = Clock::now());

 private:
  struct Entry {
    Clock::time_point last;
    long count = 0;  // occurrences not yet reported
  };

  std::chrono::milliseconds interval_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace drove::core
