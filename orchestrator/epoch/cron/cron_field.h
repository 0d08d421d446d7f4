// One field of a Quartz cron expression: its grammar, value range and names (JAN-DEC, SUN-SAT).
#pragma once

#include <string_view>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/cron/cron_expression.h"

namespace drove::epoch::cron {

// In expression order; the year is optional.
enum class CronField { kSeconds, kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear };

// The field's name in error messages, e.g. "day-of-week".
const char* CronFieldName(CronField field);

// Parses one field (upper-cased, no whitespace) into its part of `schedule`. A lone '?' is accepted
// in the two day fields and sets nothing: the caller enforces the rule that exactly one is '?'.
// Errors read "<field>: <rule broken>", e.g. "seconds: value 61 out of range 0-59".
core::Status ParseCronField(std::string_view text, CronField field, CronSchedule* schedule);

}  // namespace drove::epoch::cron
