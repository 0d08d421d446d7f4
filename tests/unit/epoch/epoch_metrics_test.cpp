// EpochMetrics' counting and its Prometheus text, and MeteredDroveClient's error counts.
#include "orchestrator/epoch/metrics/epoch_metrics.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/epoch/metrics/metered_drove_client.h"
#include "tests/unit/epoch/fake_drove.h"

namespace drove::epoch {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

RunInfo Finished(RunState state) {
  RunInfo run;
  run.state = state;
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_metrics)

BOOST_AUTO_TEST_CASE(renders_every_series_with_zeros_at_start) {
  EpochMetrics metrics;
  const std::string text = metrics.Render({3, 1, true});
  BOOST_TEST(text.rfind("# HELP drove_epoch_leader ", 0) == 0u);
  BOOST_TEST(Has(text, "# TYPE drove_epoch_topologies gauge"));
  BOOST_TEST(Has(text, "drove_epoch_topologies{state=\"ACTIVE\"} 3"));
  BOOST_TEST(Has(text, "drove_epoch_topologies{state=\"PAUSED\"} 1"));
  BOOST_TEST(Has(text, "drove_epoch_leader 1"));
  BOOST_TEST(Has(text, "# TYPE drove_epoch_runs_finished_total counter"));
  for (const char* state : {"COMPLETED", "SUCCESSFUL", "SKIPPED", "FAILED"}) {
    BOOST_TEST(
        Has(text, std::string("drove_epoch_runs_finished_total{state=\"") + state + "\"} 0"));
  }
  BOOST_TEST(text.find("state=\"RUNNING\"") == std::string::npos);
  BOOST_TEST(Has(text, "# TYPE drove_epoch_fire_lateness_seconds histogram"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"+Inf\"} 0"));
  for (const char* call : {"create", "status", "kill", "delete", "leader"}) {
    BOOST_TEST(
        Has(text, std::string("drove_epoch_drove_call_errors_total{call=\"") + call + "\"} 0"));
  }
  BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_CASE(runs_are_counted_by_final_state) {
  EpochMetrics metrics;
  metrics.RunFinished(Finished(RunState::kFailed));
  metrics.RunFinished(Finished(RunState::kFailed));
  metrics.RunFinished(Finished(RunState::kSuccessful));
  const std::string text = metrics.Render({});
  BOOST_TEST(Has(text, "drove_epoch_runs_finished_total{state=\"FAILED\"} 2"));
  BOOST_TEST(Has(text, "drove_epoch_runs_finished_total{state=\"SUCCESSFUL\"} 1"));
  BOOST_TEST(Has(text, "drove_epoch_leader 0"));
}

BOOST_AUTO_TEST_CASE(lateness_buckets_are_cumulative_with_sum_and_count) {
  EpochMetrics metrics;
  for (int64_t millis : {0, 1, 2, 7, 120, 12'000}) metrics.FireStarted(RunInfo{}, millis);
  const std::string text = metrics.Render({});
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"0.001\"} 2"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"0.0025\"} 3"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"0.01\"} 4"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"0.1\"} 4"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"0.25\"} 5"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"10\"} 5"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_bucket{le=\"+Inf\"} 6"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_sum 12.13"));
  BOOST_TEST(Has(text, "drove_epoch_fire_lateness_seconds_count 6"));
}

BOOST_AUTO_TEST_CASE(metered_client_counts_failed_drove_calls_by_call) {
  EpochMetrics metrics;
  testing::FakeDrove drove;
  MeteredDroveClient metered(drove, metrics);
  drove.refuse_creates = true;
  metered.CreateTask(Json{{"taskId", "t1"}});
  drove.refuse_creates = false;
  metered.CreateTask(Json{{"taskId", "t2"}});
  metered.CreateTask(Json{{"taskId", "t2"}});  // already exists: not an error
  metered.KillTask("missing");                 // refused
  metered.GetTask("missing");                  // "no such task" is an answer
  const std::string text = metrics.Render({});
  BOOST_TEST(Has(text, "drove_epoch_drove_call_errors_total{call=\"create\"} 1"));
  BOOST_TEST(Has(text, "drove_epoch_drove_call_errors_total{call=\"kill\"} 1"));
  BOOST_TEST(Has(text, "drove_epoch_drove_call_errors_total{call=\"status\"} 0"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch
