// Counting and rendering drove-epoch's metrics (see epoch_metrics.h).
#include "orchestrator/epoch/metrics/epoch_metrics.h"

#include <algorithm>

#include "orchestrator/core/metrics/process_metrics.h"
#include "orchestrator/core/metrics/prometheus_text.h"

namespace drove::epoch {
namespace {

constexpr std::array<RunState, 4> kFinalStates = {RunState::kCompleted, RunState::kSuccessful,
                                                  RunState::kSkipped, RunState::kFailed};
constexpr std::array<const char*, kDroveCalls> kCallNames = {"create", "status", "kill", "delete",
                                                             "leader"};

}  // namespace

EpochMetrics::EpochMetrics() {
  for (size_t i = 0; i < kLatenessBounds.size(); ++i) {
    bound_micros_[i] = static_cast<int64_t>(kLatenessBounds[i] * 1e6 + 0.5);
  }
}

void EpochMetrics::RunFinished(const RunInfo& run) {
  runs_[static_cast<size_t>(run.state)].fetch_add(1, std::memory_order_relaxed);
}

void EpochMetrics::FireStarted(const RunInfo&, int64_t lateness_millis) {
  const int64_t millis = std::max<int64_t>(lateness_millis, 0);
  size_t bucket = 0;
  while (bucket < bound_micros_.size() && millis * 1000 > bound_micros_[bucket]) ++bucket;
  lateness_[bucket].fetch_add(1, std::memory_order_relaxed);
  lateness_sum_millis_.fetch_add(static_cast<uint64_t>(millis), std::memory_order_relaxed);
}

void EpochMetrics::CountDroveError(DroveCall call) {
  drove_errors_[static_cast<size_t>(call)].fetch_add(1, std::memory_order_relaxed);
}

std::string EpochMetrics::Render(const TopologyGauges& gauges) const {
  using core::MetricType;
  core::PrometheusText out;
  out.Family("drove_epoch_leader", MetricType::kGauge,
             "1 while this node leads (schedules and writes).");
  out.Sample("drove_epoch_leader", {}, gauges.leader ? 1 : 0);
  out.Family("drove_epoch_topologies", MetricType::kGauge,
             "Topologies by state (0 on a node not leading).");
  out.Sample("drove_epoch_topologies", {{"state", "ACTIVE"}}, gauges.active);
  out.Sample("drove_epoch_topologies", {{"state", "PAUSED"}}, gauges.paused);
  out.Family("drove_epoch_runs_finished_total", MetricType::kCounter,
             "Runs that reached a final state on this node, by that state.");
  for (RunState state : kFinalStates) {
    out.Sample("drove_epoch_runs_finished_total", {{"state", std::string(Name(state))}},
               runs_[static_cast<size_t>(state)].load(std::memory_order_relaxed));
  }
  out.Family("drove_epoch_fire_lateness_seconds", MetricType::kHistogram,
             "Scheduled fires: from the cron time to Drove accepting the first CREATE.");
  std::array<uint64_t, kLatenessBounds.size() + 1> counts{};
  for (size_t i = 0; i < counts.size(); ++i) {
    counts[i] = lateness_[i].load(std::memory_order_relaxed);
  }
  const double sum_seconds =
      static_cast<double>(lateness_sum_millis_.load(std::memory_order_relaxed)) / 1000.0;
  out.Histogram("drove_epoch_fire_lateness_seconds", {}, kLatenessBounds, counts, sum_seconds);
  out.Family("drove_epoch_drove_call_errors_total", MetricType::kCounter,
             "Drove calls that failed (no answer, or an error answer), by call.");
  for (size_t i = 0; i < kDroveCalls; ++i) {
    out.Sample("drove_epoch_drove_call_errors_total", {{"call", kCallNames[i]}},
               drove_errors_[i].load(std::memory_order_relaxed));
  }
  core::WriteProcessMetrics(out);
  return out.Take();
}

}  // namespace drove::epoch
