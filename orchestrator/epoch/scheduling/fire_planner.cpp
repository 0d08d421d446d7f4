// Next fire of a trigger (see fire_planner.h).
#include "orchestrator/epoch/scheduling/fire_planner.h"

#include <algorithm>
#include <chrono>

#include "orchestrator/epoch/cron/cron_parser.h"
#include "orchestrator/epoch/cron/next_fire.h"

namespace drove::epoch {

std::optional<int64_t> NextFireMillis(const EpochTrigger& trigger, int64_t after_millis,
                                      int64_t now_millis, const cron::TimeZone& zone) {
  using namespace std::chrono;
  if (trigger.type == TriggerType::kAt) return std::max(trigger.time, now_millis);
  auto expression = cron::ParseCron(trigger.time_spec);
  if (!expression.ok()) return std::nullopt;
  const system_clock::time_point after{milliseconds(after_millis)};
  auto next = cron::NextFire(*expression, after, zone);
  if (!next) return std::nullopt;
  return duration_cast<milliseconds>(next->time_since_epoch()).count();
}

std::optional<int64_t> LastFireMillis(const EpochTrigger& trigger, int64_t after_millis,
                                      int64_t now_millis, const cron::TimeZone& zone) {
  using namespace std::chrono;
  if (trigger.type != TriggerType::kCron || after_millis >= now_millis) return std::nullopt;
  auto expression = cron::ParseCron(trigger.time_spec);
  if (!expression.ok()) return std::nullopt;
  std::optional<int64_t> last;
  system_clock::time_point at{milliseconds(after_millis)};
  // Quartz fires at most once a second, so a window of a minute is at most 60 steps.
  while (auto next = cron::NextFire(*expression, at, zone)) {
    const int64_t millis = duration_cast<milliseconds>(next->time_since_epoch()).count();
    if (millis > now_millis) break;
    last = millis;
    at = *next;
  }
  return last;
}

}  // namespace drove::epoch
