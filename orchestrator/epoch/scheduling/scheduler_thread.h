// The timer of SchedulerCore: one thread sleeps until the earliest queued work is due, then hands
// it to a pool of run workers (their steps block on Drove calls, so the timer never waits on one).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "orchestrator/core/util/clock.h"
#include "orchestrator/core/util/worker_pool.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"

namespace drove::epoch {

class SchedulerThread {
 public:
  SchedulerThread(SchedulerCore& core, const core::Clock& clock, int workers);
  ~SchedulerThread();
  SchedulerThread(const SchedulerThread&) = delete;
  SchedulerThread& operator=(const SchedulerThread&) = delete;

  void Start();
  // Stops the timer, then lets the workers finish the steps they hold. Idempotent.
  void Stop();

 private:
  void Loop();
  void Wake();

  SchedulerCore& core_;
  const core::Clock& clock_;
  core::WorkerPool workers_;
  std::mutex mu_;  // guards stopping_ and woken_
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace drove::epoch
