// One thread per task: PENDING -> PROVISIONING -> STARTING -> RUNNING -> RUN_COMPLETED ->
// DEPROVISIONING -> STOPPED, with taskResult from the exit code (CANCELLED when killed).
// Owner: the runner thread writes info_ (under mutex_); other threads only copy it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/core/model/task_info.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/executor/checks/waiter.h"
#include "orchestrator/executor/logs/log_follower.h"
#include "orchestrator/executor/runner/runner_context.h"

namespace drove::executor {

class TaskRunner {
 public:
  TaskRunner(const RunnerContext& context, core::TaskSpec spec, core::TaskInfo info);
  // A container found at start-up: a running one is watched again, an exited one reported
  // with its exit code and removed.
  static std::unique_ptr<TaskRunner> Adopt(const RunnerContext& context, core::TaskSpec spec,
                                           core::TaskInfo info, std::string container_id,
                                           bool running);
  ~TaskRunner();
  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  void Start();
  // STOP_TASK: kill the container; the result becomes {CANCELLED, -1}.
  void RequestStop();
  // Executor shutdown: the thread ends quietly and the container keeps running.
  void Abandon();

  core::TaskInfo Info() const;
  bool finished() const { return finished_.load(); }
  int64_t finished_at_ms() const { return finished_at_ms_.load(); }

 private:
  void Run();
  bool ProvisionAndStart();
  void WaitForExit();
  void Complete(core::TaskResult result, const std::string& error);
  void SetState(core::TaskState state, const std::string& error = "");
  std::string LogFolder() const;

  RunnerContext context_;
  core::TaskSpec spec_;
  mutable std::mutex mutex_;
  core::TaskInfo info_;
  std::string container_id_;
  bool adopted_ = false;
  std::unique_ptr<LogFollower> follower_;
  StopWaiter stop_waiter_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> abandoned_{false};
  std::atomic<bool> finished_{false};
  std::atomic<int64_t> finished_at_ms_{0};
  std::thread thread_;
};

}  // namespace drove::executor
