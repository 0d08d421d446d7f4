// ZoneRules: a time zone's UTC offsets over time, read from a TZif file (RFC 8536) or built from a
// POSIX TZ string. Plain data; TimeZone wraps it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/cron/posix_tz.h"

namespace drove::epoch::cron {

struct ZoneRules {
  std::vector<int64_t> transitions;  // UTC seconds since the epoch, ascending
  std::vector<int32_t> offsets;      // offsets[i], seconds east of UTC, applies from transitions[i]
  int32_t initial_offset = 0;        // before the first transition
  std::optional<PosixTz> tail;       // past the last transition (the TZif footer)

  int32_t OffsetAt(int64_t utc) const;
};

// Version 1 files use their 32-bit table; later versions their 64-bit table and footer. Leap
// second records (only in the "right/" zones) are skipped.
core::Result<ZoneRules> ParseTzif(std::string_view bytes);

}  // namespace drove::epoch::cron
