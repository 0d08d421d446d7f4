// The task state machine: run a container to completion and report its result.
#include "orchestrator/core/util/guarded_thread.h"
#include "orchestrator/executor/runner/task_runner.h"

#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/runner/container_ops.h"

namespace drove::executor {
namespace {

using core::TaskResult;
using core::TaskResultStatus;
using core::TaskState;
using std::chrono::milliseconds;

constexpr milliseconds kDefaultPullTimeout{15 * 60 * 1000};
constexpr milliseconds kPollInterval{500};

}  // namespace

TaskRunner::TaskRunner(const RunnerContext& context, core::TaskSpec spec, core::TaskInfo info)
    : context_(context), spec_(std::move(spec)), info_(std::move(info)) {}

std::unique_ptr<TaskRunner> TaskRunner::Adopt(const RunnerContext& context, core::TaskSpec spec,
                                              core::TaskInfo info, std::string container_id,
                                              bool /*running*/) {
  auto runner = std::make_unique<TaskRunner>(context, std::move(spec), std::move(info));
  runner->container_id_ = std::move(container_id);
  runner->adopted_ = true;
  runner->info_.state = TaskState::kRunning;
  return runner;
}

TaskRunner::~TaskRunner() {
  Abandon();
  if (thread_.joinable()) thread_.join();
}

// Not restarted after an escaped exception: a second run could start a second container.
void TaskRunner::Start() {
  thread_ = core::StartGuardedThread("task-runner", [this] { Run(); }, [] { return false; });
}

void TaskRunner::RequestStop() {
  stop_requested_.store(true);
  stop_waiter_.Interrupt();
}

void TaskRunner::Abandon() {
  abandoned_.store(true);
  stop_waiter_.Interrupt();
}

core::TaskInfo TaskRunner::Info() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return info_;
}

std::string TaskRunner::LogFolder() const {
  return context_.log_dir + "/" + spec_.source_app_name + "/" + spec_.task_id;
}

void TaskRunner::SetState(TaskState state, const std::string& error) {
  if (abandoned_.load()) return;
  core::TaskInfo copy;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    info_.state = state;
    if (!error.empty()) info_.error_message = error;
    info_.updated = context_.clock->NowMillis();
    copy = info_;
  }
  DLOG_INFO("task state", {{"sourceAppName", copy.source_app_name},
                           {"taskId", copy.task_id},
                           {"instanceId", copy.instance_id},
                           {"state", core::ToString(state)},
                           {"error", copy.error_message}});
  if (context_.sink != nullptr) context_.sink->TaskChanged(copy);
}

void TaskRunner::Run() {
  if (adopted_) {
    follower_ = FollowOutput(*context_.engine, container_id_, LogFolder(), spec_.task_id,
                             spec_.logging, true);
    SetState(TaskState::kRunning);
    WaitForExit();
  } else if (ProvisionAndStart()) {
    WaitForExit();
  }
  finished_at_ms_.store(context_.clock->NowMillis());
  finished_.store(true);
}

bool TaskRunner::ProvisionAndStart() {
  if (stop_requested_.load()) {
    Complete({TaskResultStatus::kCancelled, -1}, "Task cancelled before start");
    return false;
  }
  SetState(TaskState::kProvisioning);
  const std::string image = spec_.executable ? spec_.executable->url : "";
  auto timeout = spec_.executable && spec_.executable->docker_pull_timeout
                     ? spec_.executable->docker_pull_timeout->ToMillis()
                     : kDefaultPullTimeout;
  core::Status status = EnsureImage(*context_.engine, image, timeout);
  if (abandoned_.load()) return false;
  if (!status.ok()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      info_.task_result = TaskResult{TaskResultStatus::kFailed, -1};
    }
    SetState(TaskState::kProvisioningFailed, "Error pulling image: " + status.message());
    SetState(TaskState::kDeprovisioning);
    SetState(TaskState::kStopped);
    return false;
  }
  if (stop_requested_.load()) {
    Complete({TaskResultStatus::kCancelled, -1}, "Task cancelled before start");
    return false;
  }
  SetState(TaskState::kStarting);
  auto tar = BuildConfigArchive(spec_.configs.value_or(std::vector<core::ConfigSpec>{}));
  if (!tar.ok()) {
    Complete({TaskResultStatus::kFailed, -1}, "Error starting container: " + tar.error());
    return false;
  }
  ContainerConfig config =
      BuildContainerConfig(TaskContainerRequest(spec_, Info(), context_.hostname),
                           context_.pinning, context_.host_env);
  auto id = CreateAndStart(*context_.engine, config, *tar, context_.security);
  if (!id.ok()) {
    Complete({TaskResultStatus::kFailed, -1}, "Error starting container: " + id.error());
    return false;
  }
  container_id_ = *id;
  follower_ = FollowOutput(*context_.engine, container_id_, LogFolder(), spec_.task_id,
                           spec_.logging, false);
  SetState(TaskState::kRunning);
  return true;
}

void TaskRunner::WaitForExit() {
  Engine& engine = *context_.engine;
  while (true) {
    if (abandoned_.load()) return;
    if (stop_requested_.load()) {
      core::Status status = engine.Stop(container_id_, context_.stop_timeout);
      if (!status.ok()) {
        DLOG_WARN("stop task container failed", {{"taskId", spec_.task_id}, {"error", status.message()}});
      }
      Complete({TaskResultStatus::kCancelled, -1}, "Task cancelled");
      return;
    }
    auto state = engine.Inspect(container_id_);
    if (!state.ok()) {
      Complete({TaskResultStatus::kFailed, -1}, "Error monitoring container: " + state.error());
      return;
    }
    if (!state->running && state->status != "created") {
      std::string error;
      if (state->oom_killed) error = "Container killed: out of memory";
      if (!state->error.empty()) error = state->error;
      Complete(state->exit_code == 0 ? TaskResult{TaskResultStatus::kSuccessful, 0}
                                     : TaskResult{TaskResultStatus::kFailed, state->exit_code},
               error);
      return;
    }
    stop_waiter_.WaitFor(kPollInterval);
  }
}

void TaskRunner::Complete(TaskResult result, const std::string& error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    info_.task_result = result;
  }
  SetState(TaskState::kRunCompleted, error);
  SetState(TaskState::kDeprovisioning);
  // Output is already in the log files once the follower has drained the stream.
  if (follower_) follower_->Finish(milliseconds(3000));
  if (!container_id_.empty()) {
    RemoveContainer(*context_.engine, container_id_, spec_.executable ? spec_.executable->url : "",
                  context_.cache_images);
  }
  SetState(TaskState::kStopped);
}

}  // namespace drove::executor
