// Epoch's task and run state rules (see state_mapping.h).
#include "orchestrator/epoch/execution/state_mapping.h"

#include <cctype>

namespace drove::epoch {

TaskRunState MapDroveTaskState(const DroveTaskStatus& status) {
  const std::string& s = status.state;
  if (s == "PENDING" || s == "PROVISIONING" || s == "STARTING") return TaskRunState::kStarting;
  if (s == "RUNNING" || s == "RUN_COMPLETED" || s == "RUN_FAILED" || s == "DEPROVISIONING") {
    return TaskRunState::kRunning;
  }
  if (s == "PROVISIONING_FAILED" || s == "LOST") return TaskRunState::kFailed;
  if (s == "STOPPED") {
    if (!status.result_status || status.result_status->empty()) return TaskRunState::kCompleted;
    const std::string& r = *status.result_status;
    if (r == "SUCCESSFUL") return TaskRunState::kCompleted;
    if (r == "CANCELLED") return TaskRunState::kCancelled;
    return TaskRunState::kFailed;  // TIMED_OUT, FAILED, LOST
  }
  return TaskRunState::kUnknown;
}

TreeProgress EvaluateTree(const EpochTask& root, const std::map<std::string, TaskRunInfo>& tasks) {
  using Kind = TreeProgress::Kind;
  if (root.type == TaskType::kContainerExecution) {
    auto it = tasks.find(root.task_name.value_or(""));
    const TaskRunState state = it == tasks.end() ? TaskRunState::kPending : it->second.state;
    if (state == TaskRunState::kCompleted) return {Kind::kSucceeded, nullptr, false};
    if (state == TaskRunState::kFailed || state == TaskRunState::kCancelled) {
      return {Kind::kFailed, nullptr, false};
    }
    return {Kind::kNeedsTask, &root, false};
  }
  const bool any = root.composition == CompositionType::kAny;
  for (const EpochTask& child : root.tasks) {
    TreeProgress p = EvaluateTree(child, tasks);
    if (p.kind == Kind::kNeedsTask) return p;
    if (any && p.kind == Kind::kSucceeded) return {Kind::kSucceeded, nullptr, false};
    if (!any && p.kind == Kind::kFailed) return {Kind::kFailed, nullptr, false};
  }
  if (any) return {Kind::kFailed, nullptr, true};
  return {Kind::kSucceeded, nullptr, false};
}

RunState FinalRunState(bool succeeded, RunType run_type, TriggerType trigger) {
  if (!succeeded) return RunState::kFailed;
  if (run_type == RunType::kScheduled && trigger == TriggerType::kCron)
    return RunState::kSuccessful;
  return RunState::kCompleted;
}

std::string FinalMessage(RunState state) {
  std::string name(Name(state));
  for (size_t i = 1; i < name.size(); ++i) name[i] = static_cast<char>(std::tolower(name[i]));
  name[0] = static_cast<char>(std::tolower(name[0]));
  return "Task " + name;
}

}  // namespace drove::epoch
