// When a topology fires next (pure): CRON by the Quartz expression in the configured zone, AT once
// at its time.
#pragma once

#include <cstdint>
#include <optional>

#include "orchestrator/epoch/cron/time_zone.h"
#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

// CRON: the first fire strictly after `after_millis`; nullopt when the expression never fires
// again (Epoch then fires at once and again and again [q]; we stop) or does not parse.
// AT: its time, or now when that has passed (a topology created or recovered late still runs
// once); the caller makes sure an AT topology that already ran is not planned again.
std::optional<int64_t> NextFireMillis(const EpochTrigger& trigger, int64_t after_millis,
                                      int64_t now_millis, const cron::TimeZone& zone);

// CRON only: the latest fire in (after_millis, now_millis], nullopt when there is none (or for an
// AT trigger). A new leader uses it to run, late, a fire that fell due while no node led.
std::optional<int64_t> LastFireMillis(const EpochTrigger& trigger, int64_t after_millis,
                                      int64_t now_millis, const cron::TimeZone& zone);

}  // namespace drove::epoch
