// Pure planning of one app's next step (level-triggered): from the app, its operation and its live
// instances, decide what to start, what to stop and whether the operation is over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/model/enums.h"

namespace drove::controller {

struct InstanceView {
  std::string instance_id;
  std::string executor_id;
  core::InstanceState state = core::InstanceState::kPending;
  int64_t created = 0;
  bool stop_requested = false;  // the engine has asked its executor to stop it
};

struct PlanInput {
  AppRecord app;
  std::optional<OperationRecord> op;
  std::vector<InstanceView> active;  // instances in ACTIVE states only
  int64_t now = 0;
  bool may_start = true;  // false while a start failure backoff runs
  // False in the maintenance window: the monitor starts no operation for missing instances.
  bool detect_outages = true;
  int default_parallelism = 1;
  int64_t default_timeout_ms = 300000;
};

struct Plan {
  int start = 0;                   // new instances to place and start
  std::vector<std::string> stop;   // instance ids to stop
  bool finish = false;             // the operation is over: app back to its stable state
  bool timed_out = false;          // ... because it ran past opSpec.timeout
  bool destroy = false;            // DESTROY is complete: remove the app
  std::optional<OperationRecord> new_op;  // the monitor starts this operation
  std::optional<core::ApplicationState> new_state;  // with this app state
};

Plan PlanApp(const PlanInput& input);

// MONITORING when no instances are wanted, else RUNNING.
core::ApplicationState StableState(const AppRecord& app);

}  // namespace drove::controller
