// One run of a topology as a step machine: each Step() does one Drove call (create the next task,
// or read the status of the current one), writes the run record when something changed, and says
// when to step again. Steps of one run never overlap (the scheduler queues the next one only after
// the current one returns), so a machine needs no lock.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "orchestrator/core/util/clock.h"
#include "orchestrator/epoch/drove/drove_task_client.h"
#include "orchestrator/epoch/model/run_info.h"
#include "orchestrator/epoch/model/topology.h"
#include "orchestrator/epoch/store/epoch_repository.h"

namespace drove::epoch {

struct RunSettings {
  std::string app_name;  // sourceAppName of every task
  std::chrono::milliseconds poll_interval{3000};
  int rpc_retry_count = 10;  // failed status reads before a task is UNKNOWN
  std::chrono::milliseconds rpc_retry_interval{3000};
};

// The record written when a run starts: RUNNING, "Job started", every container task PENDING
// under its taskName with taskId <topologyId>-<runId>-<taskName>.
RunInfo NewRunRecord(const EpochTopologyDetails& topology, const std::string& run_id, RunType type,
                     int64_t now_millis);

class RunMachine {
 public:
  RunMachine(RunInfo run, EpochTask task, TriggerType trigger, DroveTaskClient& drove,
             EpochRepository& repository, const core::Clock& clock, const RunSettings& settings);

  // One step; the delay before the next one, or nullopt once the run has its final state.
  std::optional<std::chrono::milliseconds> Step();

  // Ends the run FAILED with "Task Failed with error: <error>" (a step threw).
  void Fail(const std::string& error);

  const RunInfo& run() const { return run_; }
  // True once the run's final state was written to the store (not when the write was refused).
  bool final_state_written() const { return final_state_written_; }

  // A scheduled fire: the lateness of its first accepted CREATE is measured from `fire_millis`.
  void MeasureLatenessFrom(int64_t fire_millis) { lateness_from_ = fire_millis; }
  // The lateness measured by the last step, once.
  std::optional<int64_t> TakeLateness() { return std::exchange(lateness_, std::nullopt); }

 private:
  std::optional<std::chrono::milliseconds> StartTask(const EpochTask& task, TaskRunInfo& info);
  std::optional<std::chrono::milliseconds> PollTask(const std::string& name, TaskRunInfo& info);
  // After rpcRetryCount failed reads: UNKNOWN (keep polling), or FAILED when Drove says the task
  // does not exist (Epoch would poll such a task forever [q]).
  std::optional<std::chrono::milliseconds> GiveUpReading(TaskRunInfo& info, bool not_found,
                                                         const std::string& error);
  void Finish(bool succeeded, bool no_composite_success);
  // Writes the run record; false when the store refused it.
  bool Save();

  RunInfo run_;
  const EpochTask task_;
  const TriggerType trigger_;
  DroveTaskClient& drove_;
  EpochRepository& repository_;
  const core::Clock& clock_;
  const RunSettings settings_;
  std::map<std::string, int> failed_reads_;    // taskName -> consecutive failed status reads
  std::map<std::string, int> failed_creates_;  // taskId -> CREATEs Drove did not answer
  bool orphaned_ = false;                      // the topology was deleted under the run
  bool final_state_written_ = false;
  std::optional<int64_t> lateness_from_;  // fire time, until the first CREATE is answered
  std::optional<int64_t> lateness_;
};

}  // namespace drove::epoch
