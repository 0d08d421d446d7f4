// EpochTopologyRunInfo (one run of a topology and its tasks) with its JSON mapping, and the run and
// task id formats (epoch-api.md section 2).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/cron/time_zone.h"
#include "orchestrator/epoch/model/enums.h"
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {

// The Drove task id before Drove accepted the task.
inline constexpr const char* kUnknownUpstreamId = "UNKNOWN";

struct TaskRunInfo {
  std::string task_id;  // `taskId`: <topologyId>-<runId>-<taskName>, also Drove's taskId
  TaskRunState state = TaskRunState::kPending;
  std::string upstream_id;                   // `upstreamId`, omitted while empty
  std::optional<std::string> error_message;  // `errorMessage`, omitted while null
};

struct RunInfo {
  std::string topology_id;  // `topologyId`
  std::string run_id;       // `runId`
  RunState state = RunState::kRunning;
  std::string message;
  std::map<std::string, TaskRunInfo> tasks;  // keyed by taskName
  RunType run_type = RunType::kScheduled;    // `runType`
  int64_t created = 0;
  int64_t updated = 0;
};

Json ToJson(const TaskRunInfo& task);
Json ToJson(const RunInfo& run);
core::Result<RunInfo> ParseRunInfo(const Json& json);

// "ESR-" (scheduled) or "EIR-" (instant) + the fire time as yyyy-MM-dd-HH-mm-ss-SSS in `zone`.
std::string FormatRunId(RunType type, int64_t fire_millis, const cron::TimeZone& zone);
// <topologyId>-<runId>-<taskName>: the Drove task id of one task of a run.
std::string TaskIdOf(const std::string& topology_id, const std::string& run_id,
                     const std::string& task_name);

}  // namespace drove::epoch
