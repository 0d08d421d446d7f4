// Drove's readiness and health-check counting, separated from I/O so it runs on a fake clock.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "orchestrator/core/model/checks.h"
#include "orchestrator/executor/checks/checker.h"
#include "orchestrator/executor/checks/waiter.h"

namespace drove::executor {

enum class CheckVerdict { kHealthy, kUnhealthy, kStopped };

struct CheckOutcome {
  CheckVerdict verdict = CheckVerdict::kUnhealthy;
  std::string message;
};

// Readiness: wait initialDelay (skipped for a re-adopted instance), then up to `attempts`
// checks `interval` apart; the first healthy one wins.
CheckOutcome RunReadiness(const core::CheckSpec& spec, Checker& checker, Waiter& waiter,
                          bool skip_initial_delay);

// Health: a check every `interval` until `attempts` consecutive failures (kUnhealthy) or a stop
// (kStopped). `still_running` is asked before each check; false ends the loop as kStopped with
// message "container exited".
CheckOutcome RunHealthChecks(const core::CheckSpec& spec, Checker& checker, Waiter& waiter,
                             const std::function<bool()>& still_running);

// Consecutive-failure counter behind RunHealthChecks.
class FailureCounter {
 public:
  explicit FailureCounter(int attempts) : attempts_(attempts < 1 ? 1 : attempts) {}
  // True when this result makes the instance unhealthy.
  bool Record(bool healthy) {
    failures_ = healthy ? 0 : failures_ + 1;
    return failures_ >= attempts_;
  }
  int failures() const { return failures_; }

 private:
  int attempts_;
  int failures_ = 0;
};

}  // namespace drove::executor
