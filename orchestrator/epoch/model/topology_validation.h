// Validation of EpochTopology as the full API (`POST/PUT /topologies`) checks it: Epoch's bean
// constraints, each problem as "<field> <message>", all at once. Plus the cron check Epoch leaves
// out there [q]: we refuse an invalid cron on every API instead of storing a topology that cannot
// be scheduled.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

// Bean-validation failures ("400 Command validation failure"); empty when valid.
std::vector<std::string> ValidateTopology(const EpochTopology& topology);

// True when a CRON trigger's timeSpec parses as a Quartz expression (AT triggers: always true).
bool CronIsValid(const EpochTrigger& trigger);
bool CronIsValidText(const std::string& time_spec);

// The topology name rule shared by both APIs: [0-9a-zA-Z_-]+ (full match).
bool IsValidTopologyName(const std::string& name);

}  // namespace drove::epoch
