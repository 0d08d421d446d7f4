// One thread per app instance driving Drove's instance state machine through the engine:
// PENDING -> PROVISIONING -> STARTING -> UNREADY -> READY -> HEALTHY, then
// (UNHEALTHY | stop request) -> STOPPING -> DEPROVISIONING -> STOPPED.
// Owner: the runner thread writes info_ (under mutex_); other threads only copy it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/executor/checks/waiter.h"
#include "orchestrator/executor/logs/log_follower.h"
#include "orchestrator/executor/runner/runner_context.h"

namespace drove::executor {

class InstanceRunner {
 public:
  // A new instance (info in state PENDING, resources allocated).
  InstanceRunner(const RunnerContext& context, core::ApplicationSpec spec, core::InstanceInfo info,
                 std::string instance_auth_token);
  // A container found at start-up: running ones resume health checks as HEALTHY, exited ones
  // are cleaned up and reported STOPPED.
  static std::unique_ptr<InstanceRunner> Adopt(const RunnerContext& context,
                                               core::ApplicationSpec spec, core::InstanceInfo info,
                                               std::string container_id, bool running);
  ~InstanceRunner();
  InstanceRunner(const InstanceRunner&) = delete;
  InstanceRunner& operator=(const InstanceRunner&) = delete;

  void Start();
  // STOP_INSTANCE: pre-shutdown hooks, stop, remove. Idempotent.
  void RequestStop();
  // Executor shutdown: the thread ends quietly and the container keeps running.
  void Abandon();

  core::InstanceInfo Info() const;
  bool finished() const { return finished_.load(); }
  int64_t finished_at_ms() const { return finished_at_ms_.load(); }

 private:
  void Run();
  bool Provision();
  bool StartContainer();
  void Monitor(bool adopted);
  void StopSequence();
  void Deprovision();
  void RunPreShutdownHooks();
  // Records and reports a transition; error "" keeps any earlier message.
  void SetState(core::InstanceState state, const std::string& error = "");
  std::string ExitMessage();

  RunnerContext context_;
  core::ApplicationSpec spec_;
  std::string auth_token_;
  mutable std::mutex mutex_;
  core::InstanceInfo info_;
  std::string container_id_;  // runner thread only after Start
  bool adopted_ = false;
  bool adopted_running_ = false;
  std::unique_ptr<LogFollower> follower_;
  StopWaiter stop_waiter_;      // interrupted by a stop request or Abandon
  StopWaiter abandon_waiter_;   // interrupted only by Abandon (waits during the stop sequence)
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> abandoned_{false};
  std::atomic<bool> finished_{false};
  std::atomic<int64_t> finished_at_ms_{0};
  std::thread thread_;
};

}  // namespace drove::executor
