// NextFire: when a cron expression fires next, in a time zone.
//
// An expression names local wall times in `zone` (the host's by default, as Epoch evaluates
// cron-utils' ExecutionTime in the JVM's default zone). The answer is a whole second strictly after
// `after`, or nullopt when there is none (a past year, Feb 30, or nothing before 2100: cron-utils'
// year range bounds every search).
//
// Daylight saving time:
// - Spring forward: a wall time the shift skips does not fire that day, as in cron-utils and
//   Quartz. "0 30 2 * * ?" in Europe/Berlin fires 2024-03-30 02:30 CET and then 2024-04-01
//   02:30 CEST; "0 */15 * * * ?" fires 01:45 CET and then 03:00 CEST.
// - Fall back: a wall time shown twice fires once, at its first showing (summer time). So
//   "0 */15 * * * ?" does not fire during the repeated hour. cron-utils instead fires the
//   repetition when the expression fires again within two hours (every 15 minutes, hourly), and
//   in Epoch even a daily 02:30 job again when its run ends inside the repeated hour.
#pragma once

#include <chrono>
#include <optional>

#include "orchestrator/epoch/cron/cron_expression.h"
#include "orchestrator/epoch/cron/time_zone.h"

namespace drove::epoch::cron {

// Searches field by field (year, month, day, hour, minute, second), so even a search over decades
// costs microseconds.
std::optional<std::chrono::system_clock::time_point> NextFire(
    const CronExpression& expression, std::chrono::system_clock::time_point after,
    const TimeZone& zone = TimeZone::Host());

}  // namespace drove::epoch::cron
