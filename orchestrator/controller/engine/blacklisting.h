// Two-phase blacklisting (Drove's BlacklistingManager, level-triggered): the API marks executors
// BLACKLIST_REQUESTED (blacklist_commands.cpp); each engine tick moves the app instances off them
// with one start-first REPLACE_INSTANCES per app and marks an executor BLACKLISTED once no app
// instance is left on it (blacklist_mover.cpp). Tasks are not moved: they finish where they run.
// The scheduler places nothing new on either state. All of it runs under the model lock.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

// The replace operations the mover issues (the controller's defaultOpSpec).
struct MoveOptions {
  int parallelism = 1;
  int64_t timeout_ms = 300000;  // per wave of `parallelism` instances
};

// BlacklistOperationResponse JSON. Unknown and already BLACKLISTED ids fail; approxCompletionTimeMs
// is the longest timeout of the moves the blacklisted executors need.
nlohmann::json BlacklistExecutors(ModelState& s, const std::vector<std::string>& executor_ids,
                                  const MoveOptions& options);
// Back to ACTIVE (an ACTIVE one succeeds too); unknown ids fail. A move in flight runs to its end.
nlohmann::json UnblacklistExecutors(ModelState& s, const std::vector<std::string>& executor_ids);

// One engine tick's share: finishes emptied executors and, unless `paused` (maintenance), starts a
// replace for every RUNNING app without an operation that still has instances on them.
void MoveOffBlacklisted(ModelState& s, const MoveOptions& options, bool paused);

// appId -> ids of its ACTIVE instances on any of `executor_ids`.
std::map<std::string, std::vector<std::string>> InstancesOn(
    const ModelState& s, const std::set<std::string>& executor_ids);
// Timeout of the replace moving `count` instances: one timeout per wave, as Drove counts waves.
int64_t MoveTimeoutMs(size_t count, const MoveOptions& options);

}  // namespace drove::controller
