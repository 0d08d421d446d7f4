// The run step machine (see run_machine.h).
#include "orchestrator/epoch/execution/run_machine.h"

#include <utility>

#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/drove/task_spec_builder.h"
#include "orchestrator/epoch/execution/state_mapping.h"
#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch {
namespace {

using std::chrono::milliseconds;

}  // namespace

RunInfo NewRunRecord(const EpochTopologyDetails& topology, const std::string& run_id, RunType type,
                     int64_t now_millis) {
  RunInfo run;
  run.topology_id = topology.id;
  run.run_id = run_id;
  run.state = RunState::kRunning;
  run.message = texts::kJobStarted;
  run.run_type = type;
  run.created = now_millis;
  run.updated = now_millis;
  if (topology.topology.task) {
    for (const EpochTask* task : ContainerTasks(*topology.topology.task)) {
      const std::string name = task->task_name.value_or("");
      run.tasks[name] = TaskRunInfo{TaskIdOf(topology.id, run_id, name), TaskRunState::kPending, "",
                                    std::nullopt};
    }
  }
  return run;
}

RunMachine::RunMachine(RunInfo run, EpochTask task, TriggerType trigger, DroveTaskClient& drove,
                       EpochRepository& repository, const core::Clock& clock,
                       const RunSettings& settings)
    : run_(std::move(run)),
      task_(std::move(task)),
      trigger_(trigger),
      drove_(drove),
      repository_(repository),
      clock_(clock),
      settings_(settings) {}

std::optional<milliseconds> RunMachine::Step() {
  if (run_.state != RunState::kRunning || orphaned_) return std::nullopt;
  const TreeProgress progress = EvaluateTree(task_, run_.tasks);
  if (progress.kind != TreeProgress::Kind::kNeedsTask) {
    Finish(progress.kind == TreeProgress::Kind::kSucceeded, progress.no_composite_success);
    return std::nullopt;
  }
  const std::string name = progress.task->task_name.value_or("");
  auto it = run_.tasks.find(name);
  if (it == run_.tasks.end()) {  // the topology changed under a resumed run: start the task anew
    it = run_.tasks
             .emplace(name, TaskRunInfo{TaskIdOf(run_.topology_id, run_.run_id, name),
                                        TaskRunState::kPending, "", std::nullopt})
             .first;
  }
  if (it->second.state == TaskRunState::kPending) return StartTask(*progress.task, it->second);
  return PollTask(name, it->second);
}

std::optional<milliseconds> RunMachine::StartTask(const EpochTask& task, TaskRunInfo& info) {
  const Json spec = BuildTaskSpec(settings_.app_name, info.task_id, task);
  const CreateTaskResult result = drove_.CreateTask(spec);
  if (result.outcome == CreateTaskResult::Outcome::kFailed && result.unanswered &&
      ++failed_creates_[info.task_id] < settings_.rpc_retry_count) {
    DLOG_WARN("drove did not answer create, retrying", {{"topologyId", run_.topology_id},
                                                        {"runId", run_.run_id},
                                                        {"taskId", info.task_id},
                                                        {"error", result.error}});
    return settings_.rpc_retry_interval;  // still PENDING: the next step sends CREATE again
  }
  const std::optional<int64_t> fire_millis = std::exchange(lateness_from_, std::nullopt);
  if (result.outcome == CreateTaskResult::Outcome::kFailed) {
    info.state = TaskRunState::kFailed;
    info.upstream_id = kUnknownUpstreamId;
    info.error_message = result.error;
    DLOG_WARN("drove refused task", {{"topologyId", run_.topology_id},
                                     {"runId", run_.run_id},
                                     {"taskId", info.task_id},
                                     {"error", result.error}});
    Save();
    return milliseconds(0);
  }
  const bool resumed = result.outcome == CreateTaskResult::Outcome::kAlreadyExists;
  // "Already exists" here is a CREATE whose first answer was lost: Drove took the task then.
  if (fire_millis) lateness_ = clock_.NowMillis() - *fire_millis;
  info.state = TaskRunState::kStarting;
  info.upstream_id = info.task_id;
  DLOG_INFO(resumed ? "task already on drove, following it" : "task started on drove",
            {{"topologyId", run_.topology_id}, {"runId", run_.run_id}, {"taskId", info.task_id}});
  Save();
  return resumed ? milliseconds(0) : settings_.poll_interval;
}

std::optional<milliseconds> RunMachine::PollTask(const std::string& name, TaskRunInfo& info) {
  const TaskStatusRead read = drove_.GetTask(info.task_id);
  const TaskRunState state = read.outcome == TaskStatusRead::Outcome::kFound
                                 ? MapDroveTaskState(read.status)
                                 : TaskRunState::kUnknown;
  if (state == TaskRunState::kUnknown) {
    const int failures = ++failed_reads_[name];
    if (failures < settings_.rpc_retry_count) return settings_.rpc_retry_interval;
    failed_reads_[name] = 0;
    const std::string error = read.outcome == TaskStatusRead::Outcome::kFound
                                  ? "Status could not be ascertained for task " + info.task_id
                                  : read.error;
    return GiveUpReading(info, read.outcome == TaskStatusRead::Outcome::kNotFound, error);
  }
  failed_reads_[name] = 0;
  // Copied as Drove reports it ("" when none), as Epoch does, so an old read error goes away.
  const std::string& error = read.status.error_message;
  if (state != info.state || info.error_message != error) {
    info.state = state;
    info.error_message = error;
    DLOG_INFO("task state", {{"topologyId", run_.topology_id},
                             {"runId", run_.run_id},
                             {"taskId", info.task_id},
                             {"state", Name(state)},
                             {"droveState", read.status.state}});
    Save();
  }
  return IsTerminal(state) ? milliseconds(0) : settings_.poll_interval;
}

std::optional<milliseconds> RunMachine::GiveUpReading(TaskRunInfo& info, bool not_found,
                                                      const std::string& error) {
  info.state = not_found ? TaskRunState::kFailed : TaskRunState::kUnknown;
  info.error_message = error;
  DLOG_WARN("task status unavailable", {{"topologyId", run_.topology_id},
                                        {"runId", run_.run_id},
                                        {"taskId", info.task_id},
                                        {"state", Name(info.state)},
                                        {"error", error}});
  Save();
  return not_found ? milliseconds(0) : settings_.poll_interval;
}

void RunMachine::Finish(bool succeeded, bool no_composite_success) {
  run_.state = FinalRunState(succeeded, run_.run_type, trigger_);
  run_.message = no_composite_success ? texts::kUnknownCompositeStatus : FinalMessage(run_.state);
  DLOG_INFO(
      "run finished",
      {{"topologyId", run_.topology_id}, {"runId", run_.run_id}, {"state", Name(run_.state)}});
  final_state_written_ = Save();
}

void RunMachine::Fail(const std::string& error) {
  run_.state = RunState::kFailed;
  run_.message = "Task Failed with error: " + error;
  DLOG_ERROR("run failed",
             {{"topologyId", run_.topology_id}, {"runId", run_.run_id}, {"error", error}});
  final_state_written_ = Save();
}

bool RunMachine::Save() {
  run_.updated = clock_.NowMillis();
  core::Status st = repository_.SaveRun(run_);
  if (st.ok()) return true;
  if (st.code() == core::StatusCode::kNotFound) {
    // The topology was deleted: its run ends here; Drove's task is left alone, as in Epoch.
    orphaned_ = true;
    DLOG_INFO("topology deleted, run no longer followed",
              {{"topologyId", run_.topology_id}, {"runId", run_.run_id}});
  } else {
    DLOG_WARN("run record not written",
              {{"topologyId", run_.topology_id}, {"runId", run_.run_id}, {"error", st.message()}});
  }
  return false;
}

}  // namespace drove::epoch
