// The scheduler's timer thread (see scheduler_thread.h).
#include "orchestrator/epoch/scheduling/scheduler_thread.h"

#include <algorithm>
#include <chrono>

namespace drove::epoch {
namespace {

// The longest sleep: bounds how late a wall-clock jump is noticed.
constexpr int64_t kMaxSleepMillis = 1000;

}  // namespace

SchedulerThread::SchedulerThread(SchedulerCore& core, const core::Clock& clock, int workers)
    : core_(core), clock_(clock), workers_("epoch-runs", workers) {
  core_.SetWakeup([this] { Wake(); });
}

SchedulerThread::~SchedulerThread() { Stop(); }

void SchedulerThread::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void SchedulerThread::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  workers_.Stop();
}

void SchedulerThread::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void SchedulerThread::Loop() {
  while (true) {
    for (Work& work : core_.PopDue()) {
      workers_.Submit([this, work = std::move(work)] { core_.Execute(work); });
    }
    std::unique_lock lock(mu_);
    if (stopping_) return;
    if (!woken_) {
      auto next = core_.NextDue();
      int64_t sleep = kMaxSleepMillis;
      if (next) sleep = std::clamp<int64_t>(*next - clock_.NowMillis(), 0, kMaxSleepMillis);
      if (sleep > 0) {
        cv_.wait_for(lock, std::chrono::milliseconds(sleep),
                     [this] { return stopping_ || woken_; });
      }
    }
    woken_ = false;
  }
}

}  // namespace drove::epoch
