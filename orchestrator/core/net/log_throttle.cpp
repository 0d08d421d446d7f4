// LogThrottle: a counter per kind of line, reported with the next line an interval later.
#include "orchestrator/core/net/log_throttle.h"

namespace drove::core {

std::optional<long> LogThrottle::Due(std::string_view kind, Clock::time_point now) {
  auto [it, fresh] = entries_.try_emplace(std::string(kind));
  Entry& entry = it->second;
  ++entry.count;
  if (!fresh && now - entry.last < interval_) return std::nullopt;
  long count = entry.count;
  entry.count = 0;
  entry.last = now;
  return count;
}

}  // namespace drove::core
