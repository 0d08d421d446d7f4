// ParseCron: a Quartz cron expression as cron-utils 9.2.0 (CronType.QUARTZ) accepts it.
//
// "sec min hour day-of-month month day-of-week [year]", whitespace-separated, case-insensitive.
// Exactly one of day-of-month and day-of-week is '?'. Values: seconds and minutes 0-59, hours 0-23,
// day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (1 = SUN), year 1970-2099.
// Every field takes "*", n, a-b, a,b,c, */s, a/s, a-b/s; day-of-month also L, L-n, nW, LW;
// day-of-week also L (= SAT), nL and n#k. Nicknames (@daily) are refused. cron-utils' composites
// are accepted: "a|b" in fields (the i-th alternatives of every field form the i-th expression)
// and "expr1||expr2"; the result fires when any part fires.
//
// Where cron-utils accepts malformed text by accident, this parser refuses it: "5L" in
// day-of-month (read as "L"), "L-n" in day-of-week (read as SAT), "2#1#1", '?' inside a list, a
// leading '+' on a number. See README.md for the differences in fire times.
#pragma once

#include <string_view>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/cron/cron_expression.h"

namespace drove::epoch::cron {

// Errors are one line naming the field and the rule broken, e.g.
// "day-of-week: either day-of-month or day-of-week must be '?'".
core::Result<CronExpression> ParseCron(std::string_view text);

}  // namespace drove::epoch::cron
