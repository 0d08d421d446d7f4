// Which days of a given month a schedule's day rule (day-of-month or day-of-week) fires on.
#pragma once

#include <bitset>

#include "orchestrator/epoch/cron/cron_expression.h"

namespace drove::epoch::cron {

// Bit d (1-31) set when the schedule fires on day d of `month` (1-12) of `year`; the days the
// month lacks are never set. Ignores the month and year fields.
std::bitset<32> FiringDays(const CronSchedule& schedule, int year, unsigned month);

}  // namespace drove::epoch::cron
