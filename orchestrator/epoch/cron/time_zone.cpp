// Loading zones (by name, from a file, the host's) and mapping between UTC and local wall time.
#include "orchestrator/epoch/cron/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "orchestrator/epoch/cron/zone_rules.h"

namespace drove::epoch::cron {
namespace {

using std::chrono::local_seconds;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr std::string_view kZoneInfoDir = "/usr/share/zoneinfo";
constexpr size_t kMaxZoneFileBytes = 1 << 20;  // real zone files are a few kB

// Zone names are paths below the database: no absolute paths, no "..", no odd characters.
bool IsZoneName(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

core::Result<TimeZone> LoadFile(const std::string& path, std::string name) {
  std::ifstream file(path, std::ios::binary);
  std::string bytes(kMaxZoneFileBytes + 1, '\0');  // bounded: $TZ may name any file
  if (file) file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file && !file.eof()) {
    return core::Result<TimeZone>::Error("time zone '" + name + "': cannot read " + path);
  }
  bytes.resize(static_cast<size_t>(file.gcount()));
  if (bytes.size() > kMaxZoneFileBytes) {
    return core::Result<TimeZone>::Error("time zone '" + name + "': " + path + " is too large");
  }
  return TimeZone::FromTzif(std::move(name), bytes);
}

// "Europe/Berlin" when /etc/localtime links into the database, as Debian sets it up.
std::string HostZoneName(const std::string& path) {
  std::error_code error;
  const std::string target = std::filesystem::read_symlink(path, error).string();
  const size_t at = target.find("zoneinfo/");
  return at == std::string::npos ? "localtime" : target.substr(at + 9);
}

TimeZone LoadHostZone() {
  const char* tz = std::getenv("TZ");
  if (tz == nullptr || *tz == '\0') {
    auto zone = LoadFile("/etc/localtime", HostZoneName("/etc/localtime"));
    return zone.ok() ? *zone : TimeZone::Utc();
  }
  std::string_view spec = tz;
  if (spec.front() == ':') spec.remove_prefix(1);
  if (spec.starts_with('/')) {
    auto zone = LoadFile(std::string(spec), std::string(spec));
    return zone.ok() ? *zone : TimeZone::Utc();
  }
  auto zone = TimeZone::Load(spec);
  if (!zone.ok()) zone = TimeZone::FromPosix(spec);
  return zone.ok() ? *zone : TimeZone::Utc();
}

}  // namespace

TimeZone::TimeZone(std::string name, std::shared_ptr<const ZoneRules> rules)
    : name_(std::move(name)), rules_(std::move(rules)) {}

TimeZone TimeZone::Utc() {
  static const auto kRules = std::make_shared<const ZoneRules>();
  return TimeZone("UTC", kRules);
}

core::Result<TimeZone> TimeZone::Load(std::string_view name) {
  if (!IsZoneName(name)) {
    return core::Result<TimeZone>::Error("time zone '" + std::string(name) +
                                         "': not an IANA zone name");
  }
  std::string path(kZoneInfoDir);
  path.append("/").append(name);
  return LoadFile(path, std::string(name));
}

core::Result<TimeZone> TimeZone::FromTzif(std::string name, std::string_view bytes) {
  auto rules = ParseTzif(bytes);
  if (!rules.ok())
    return core::Result<TimeZone>::Error("time zone '" + name + "': " + rules.error());
  return TimeZone(std::move(name), std::make_shared<const ZoneRules>(std::move(rules).value()));
}

core::Result<TimeZone> TimeZone::FromPosix(std::string_view spec) {
  auto tz = ParsePosixTz(spec);
  if (!tz) {
    return core::Result<TimeZone>::Error("time zone '" + std::string(spec) +
                                         "': not a POSIX TZ string");
  }
  ZoneRules rules;
  rules.initial_offset = tz->std_offset;
  rules.tail = *tz;
  return TimeZone(std::string(spec), std::make_shared<const ZoneRules>(std::move(rules)));
}

const TimeZone& TimeZone::Host() {
  static const TimeZone zone = LoadHostZone();
  return zone;
}

seconds TimeZone::OffsetAt(sys_seconds instant) const {
  return seconds{rules_->OffsetAt(instant.time_since_epoch().count())};
}

local_seconds TimeZone::ToLocal(sys_seconds instant) const {
  return local_seconds{instant.time_since_epoch() + OffsetAt(instant)};
}

sys_seconds TimeZone::FirstShift(sys_seconds from, sys_seconds to) const {
  const seconds before = OffsetAt(from);
  while (to - from > seconds{1}) {
    const sys_seconds middle = from + (to - from) / 2;
    if (OffsetAt(middle) == before) {
      from = middle;
    } else {
      to = middle;
    }
  }
  return to;
}

// A wall time is shown at `local - offset` for each offset in force around it whose instant really
// has that offset. Offsets are probed a day either side: zones do not shift twice within two days.
LocalTimeMapping TimeZone::FromLocal(local_seconds local) const {
  const sys_seconds as_utc{local.time_since_epoch()};
  const std::chrono::days day{1};
  const seconds probes[] = {OffsetAt(as_utc - day), OffsetAt(as_utc), OffsetAt(as_utc + day)};
  int found = 0;
  sys_seconds earliest;
  sys_seconds latest;
  for (seconds offset : probes) {
    const sys_seconds instant = as_utc - offset;
    if (OffsetAt(instant) != offset || (found > 0 && instant >= earliest && instant <= latest)) {
      continue;
    }
    earliest = found == 0 ? instant : std::min(earliest, instant);
    latest = found == 0 ? instant : std::max(latest, instant);
    ++found;
  }
  LocalTimeMapping mapping;
  mapping.count = std::min(found, 2);
  mapping.earliest = earliest;
  if (mapping.count == 2) {
    mapping.transition = FirstShift(earliest, latest);
  } else if (mapping.count == 0) {
    const auto [low, high] = std::minmax({probes[0], probes[1], probes[2]});
    mapping.transition = FirstShift(as_utc - high, as_utc - low);
  }
  return mapping;
}

}  // namespace drove::epoch::cron
