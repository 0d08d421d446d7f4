// Readiness retry loop and periodic health-check loop.
#include "orchestrator/executor/checks/check_loops.h"

namespace drove::executor {
namespace {

std::chrono::milliseconds Millis(const std::optional<core::Duration>& d,
                                 std::chrono::milliseconds fallback) {
  return d ? d->ToMillis() : fallback;
}

}  // namespace

CheckOutcome RunReadiness(const core::CheckSpec& spec, Checker& checker, Waiter& waiter,
                          bool skip_initial_delay) {
  auto initial_delay = Millis(spec.initial_delay, std::chrono::milliseconds(0));
  if (!skip_initial_delay && initial_delay.count() > 0 && !waiter.WaitFor(initial_delay)) {
    return {CheckVerdict::kStopped, ""};
  }
  auto interval = Millis(spec.interval, std::chrono::seconds(1));
  int attempts = spec.attempts < 1 ? 1 : spec.attempts;
  CheckResult last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (waiter.interrupted()) return {CheckVerdict::kStopped, ""};
    last = checker.Check();
    if (last.healthy) return {CheckVerdict::kHealthy, ""};
    if (attempt < attempts && !waiter.WaitFor(interval)) return {CheckVerdict::kStopped, ""};
  }
  return {CheckVerdict::kUnhealthy,
          "Readiness check failed" + (last.message.empty() ? "" : ": " + last.message)};
}

CheckOutcome RunHealthChecks(const core::CheckSpec& spec, Checker& checker, Waiter& waiter,
                             const std::function<bool()>& still_running) {
  auto interval = Millis(spec.interval, std::chrono::seconds(1));
  FailureCounter counter(spec.attempts);
  while (!waiter.interrupted()) {
    if (!still_running()) return {CheckVerdict::kStopped, "container exited"};
    CheckResult result = checker.Check();
    if (waiter.interrupted()) break;
    if (counter.Record(result.healthy)) {
      return {CheckVerdict::kUnhealthy, "Healthcheck failed:" + result.message};
    }
    if (!waiter.WaitFor(interval)) break;
  }
  return {CheckVerdict::kStopped, ""};
}

}  // namespace drove::executor
