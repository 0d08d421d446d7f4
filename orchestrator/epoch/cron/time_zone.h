// TimeZone: an IANA time zone read from the system tz database (/usr/share/zoneinfo, Debian's
// tzdata) without process-global state, so unlike setenv("TZ") + localtime_r it is thread-safe.
// GCC 12's libstdc++ has no std::chrono::locate_zone, hence our own TZif reader (zone_rules.h).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "orchestrator/core/util/status.h"

namespace drove::epoch::cron {

struct ZoneRules;

// How a local wall time maps to UTC.
struct LocalTimeMapping {
  // 1 normally; 0 when a forward shift (spring forward) skips the wall time; 2 when a backward
  // shift (fall back) shows it twice.
  int count = 1;
  std::chrono::sys_seconds earliest;    // the first instant showing the wall time (count >= 1)
  std::chrono::sys_seconds transition;  // the shift that skips or repeats it (count != 1)
};

// Cheap to copy (the rules are shared and immutable).
class TimeZone {
 public:
  static TimeZone Utc();
  // An IANA name such as "Europe/Berlin", read from /usr/share/zoneinfo.
  static core::Result<TimeZone> Load(std::string_view name);
  // TZif bytes (RFC 8536), under a name of the caller's choosing.
  static core::Result<TimeZone> FromTzif(std::string name, std::string_view bytes);
  // A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3".
  static core::Result<TimeZone> FromPosix(std::string_view spec);
  // The host's zone, read once: $TZ (a zone name, a file path or a POSIX TZ string) or else
  // /etc/localtime; UTC when neither can be read, as glibc does.
  static const TimeZone& Host();

  const std::string& name() const { return name_; }
  std::chrono::seconds OffsetAt(std::chrono::sys_seconds instant) const;
  std::chrono::local_seconds ToLocal(std::chrono::sys_seconds instant) const;
  LocalTimeMapping FromLocal(std::chrono::local_seconds local) const;

 private:
  TimeZone(std::string name, std::shared_ptr<const ZoneRules> rules);
  // The first instant in (from, to] whose offset differs from the one at `from`.
  std::chrono::sys_seconds FirstShift(std::chrono::sys_seconds from,
                                      std::chrono::sys_seconds to) const;

  std::string name_;
  std::shared_ptr<const ZoneRules> rules_;
};

}  // namespace drove::epoch::cron
