// Epoch's run rules as pure functions (epoch-api.md section 2, "Run lifecycle"): Drove task state
// to Epoch task state, where a (possibly composite) task tree stands, and the final run state.
#pragma once

#include <map>
#include <string>

#include "orchestrator/epoch/drove/drove_task_client.h"
#include "orchestrator/epoch/model/enums.h"
#include "orchestrator/epoch/model/run_info.h"
#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

// PENDING/PROVISIONING/STARTING -> STARTING; RUNNING/RUN_COMPLETED/RUN_FAILED/DEPROVISIONING ->
// RUNNING; PROVISIONING_FAILED/LOST -> FAILED; STOPPED -> by taskResult.status (SUCCESSFUL ->
// COMPLETED, CANCELLED -> CANCELLED, TIMED_OUT/FAILED/LOST -> FAILED, none -> COMPLETED);
// anything else -> UNKNOWN.
TaskRunState MapDroveTaskState(const DroveTaskStatus& status);

// Where a task tree stands, given the states of its container tasks (keyed by taskName).
struct TreeProgress {
  enum class Kind { kNeedsTask, kSucceeded, kFailed };
  Kind kind = Kind::kNeedsTask;
  const EpochTask* task = nullptr;    // kNeedsTask: the container task to start or follow
  bool no_composite_success = false;  // kFailed: a COMPOSITE ANY none of whose children completed
};

// Children of a composite run in order: ALL stops at the first FAILED/CANCELLED child and succeeds
// when none failed; ANY stops at the first COMPLETED child and fails when none completed.
TreeProgress EvaluateTree(const EpochTask& root, const std::map<std::string, TaskRunInfo>& tasks);

// Success: SCHEDULED + CRON -> SUCCESSFUL; SCHEDULED + AT and INSTANT -> COMPLETED. Else FAILED.
RunState FinalRunState(bool succeeded, RunType run_type, TriggerType trigger);

// "Task " + lower-case state: "Task successful", "Task completed", "Task failed", "Task skipped".
std::string FinalMessage(RunState state);

}  // namespace drove::epoch
