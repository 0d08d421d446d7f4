// Readiness and health-check counting on a fake clock: attempts, intervals, stop handling.
#include "orchestrator/executor/checks/check_loops.h"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <vector>

namespace drove::executor {
namespace {

// Answers from a script; healthy once the script runs out (or unhealthy, per `tail`).
class ScriptedChecker : public Checker {
 public:
  ScriptedChecker(std::deque<bool> script, bool tail) : script_(std::move(script)), tail_(tail) {}
  CheckResult Check() override {
    ++calls;
    bool healthy = tail_;
    if (!script_.empty()) {
      healthy = script_.front();
      script_.pop_front();
    }
    return {healthy, healthy ? "" : "status 500"};
  }
  int calls = 0;

 private:
  std::deque<bool> script_;
  bool tail_;
};

// Records every wait; interrupts after `budget` waits (a stop request arriving).
class FakeWaiter : public Waiter {
 public:
  explicit FakeWaiter(int budget = 1000) : budget_(budget) {}
  bool WaitFor(std::chrono::milliseconds duration) override {
    waits.push_back(duration.count());
    if (static_cast<int>(waits.size()) >= budget_) stopped_ = true;
    return !stopped_;
  }
  bool interrupted() const override { return stopped_; }
  std::vector<int64_t> waits;

 private:
  int budget_;
  bool stopped_ = false;
};

core::CheckSpec Spec(int attempts, int64_t interval_ms, int64_t initial_delay_ms) {
  core::CheckSpec spec;
  spec.attempts = attempts;
  spec.interval = core::Duration::Milliseconds(interval_ms);
  spec.timeout = core::Duration::Milliseconds(100);
  spec.initial_delay = core::Duration::Milliseconds(initial_delay_ms);
  return spec;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_loops)

BOOST_AUTO_TEST_CASE(readiness_waits_initial_delay_then_retries_at_interval) {
  ScriptedChecker checker({false, false, true}, false);
  FakeWaiter waiter;
  auto outcome = RunReadiness(Spec(5, 200, 3000), checker, waiter, false);
  BOOST_CHECK(outcome.verdict == CheckVerdict::kHealthy);
  BOOST_CHECK_EQUAL(checker.calls, 3);
  BOOST_CHECK(waiter.waits == (std::vector<int64_t>{3000, 200, 200}));
}

BOOST_AUTO_TEST_CASE(readiness_fails_after_attempts_without_trailing_wait) {
  ScriptedChecker checker({}, false);
  FakeWaiter waiter;
  auto outcome = RunReadiness(Spec(3, 100, 0), checker, waiter, false);
  BOOST_CHECK(outcome.verdict == CheckVerdict::kUnhealthy);
  BOOST_CHECK_EQUAL(outcome.message, "Readiness check failed: status 500");
  BOOST_CHECK_EQUAL(checker.calls, 3);
  BOOST_CHECK(waiter.waits == (std::vector<int64_t>{100, 100}));
}

BOOST_AUTO_TEST_CASE(readiness_skips_initial_delay_when_recovering) {
  ScriptedChecker checker({}, true);
  FakeWaiter waiter;
  RunReadiness(Spec(3, 100, 5000), checker, waiter, true);
  BOOST_CHECK(waiter.waits.empty());
}

BOOST_AUTO_TEST_CASE(readiness_stops_when_interrupted) {
  ScriptedChecker checker({}, false);
  FakeWaiter waiter(1);
  auto outcome = RunReadiness(Spec(10, 100, 0), checker, waiter, false);
  BOOST_CHECK(outcome.verdict == CheckVerdict::kStopped);
  BOOST_CHECK_EQUAL(checker.calls, 1);
}

BOOST_AUTO_TEST_CASE(health_needs_consecutive_failures) {
  // fail, fail, ok resets; then three failures in a row make it unhealthy.
  ScriptedChecker checker({false, false, true, false, false, false}, true);
  FakeWaiter waiter;
  auto outcome = RunHealthChecks(Spec(3, 1000, 0), checker, waiter, [] { return true; });
  BOOST_CHECK(outcome.verdict == CheckVerdict::kUnhealthy);
  BOOST_CHECK_EQUAL(checker.calls, 6);
  BOOST_CHECK_EQUAL(waiter.waits.size(), 5u);
  BOOST_CHECK(waiter.waits.front() == 1000);
}

BOOST_AUTO_TEST_CASE(health_ends_on_stop_request) {
  ScriptedChecker checker({}, true);
  FakeWaiter waiter(4);
  auto outcome = RunHealthChecks(Spec(3, 1000, 0), checker, waiter, [] { return true; });
  BOOST_CHECK(outcome.verdict == CheckVerdict::kStopped);
  BOOST_CHECK(outcome.message.empty());
  BOOST_CHECK_EQUAL(checker.calls, 4);
}

BOOST_AUTO_TEST_CASE(health_notices_container_exit) {
  ScriptedChecker checker({}, true);
  FakeWaiter waiter;
  int polls = 0;
  auto outcome = RunHealthChecks(Spec(3, 1000, 0), checker, waiter, [&] { return ++polls < 3; });
  BOOST_CHECK(outcome.verdict == CheckVerdict::kStopped);
  BOOST_CHECK_EQUAL(outcome.message, "container exited");
  BOOST_CHECK_EQUAL(checker.calls, 2);
}

BOOST_AUTO_TEST_CASE(failure_counter_resets_on_success) {
  FailureCounter counter(2);
  BOOST_CHECK(!counter.Record(false));
  BOOST_CHECK(!counter.Record(true));
  BOOST_CHECK(!counter.Record(false));
  BOOST_CHECK(counter.Record(false));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor
