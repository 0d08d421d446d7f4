// Counting and rendering drove-epoch's metrics (see epoch_metrics.h).
#include "orchestrator/epoch/metrics/epoch_metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace drove::epoch {
namespace {

constexpr std::array<RunState, 4> kFinalStates = {RunState::kCompleted, RunState::kSuccessful,
                                                  RunState::kSkipped, RunState::kFailed};
constexpr std::array<const char*, kDroveCalls> kCallNames = {"create", "status", "kill", "delete",
                                                             "leader"};

void Header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

// Milliseconds as seconds with three decimals, without going through a double.
std::string Seconds(uint64_t millis) {
  char text[32];
  std::snprintf(text, sizeof(text), "%llu.%03llu", static_cast<unsigned long long>(millis / 1000),
                static_cast<unsigned long long>(millis % 1000));
  return text;
}

}  // namespace

EpochMetrics::EpochMetrics() {
  for (size_t i = 0; i < kLatenessBounds.size(); ++i) {
    bound_micros_[i] = static_cast<int64_t>(std::strtod(kLatenessBounds[i], nullptr) * 1e6 + 0.5);
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
  std::ostringstream out;
  Header(out, "drove_epoch_leader", "gauge", "1 while this node leads (schedules and writes).");
  out << "drove_epoch_leader " << (gauges.leader ? 1 : 0) << '\n';
  Header(out, "drove_epoch_topologies", "gauge", "Topologies by state (0 on a node not leading).");
  out << "drove_epoch_topologies{state=\"ACTIVE\"} " << gauges.active << '\n';
  out << "drove_epoch_topologies{state=\"PAUSED\"} " << gauges.paused << '\n';
  Header(out, "drove_epoch_runs_finished_total", "counter",
         "Runs that reached a final state on this node, by that state.");
  for (RunState state : kFinalStates) {
    out << "drove_epoch_runs_finished_total{state=\"" << Name(state) << "\"} "
        << runs_[static_cast<size_t>(state)].load(std::memory_order_relaxed) << '\n';
  }
  Header(out, "drove_epoch_fire_lateness_seconds", "histogram",
         "Scheduled fires: from the cron time to Drove accepting the first CREATE.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < lateness_.size(); ++i) {
    cumulative += lateness_[i].load(std::memory_order_relaxed);
    const char* le = i < kLatenessBounds.size() ? kLatenessBounds[i] : "+Inf";
    out << "drove_epoch_fire_lateness_seconds_bucket{le=\"" << le << "\"} " << cumulative << '\n';
  }
  out << "drove_epoch_fire_lateness_seconds_sum "
      << Seconds(lateness_sum_millis_.load(std::memory_order_relaxed)) << '\n';
  out << "drove_epoch_fire_lateness_seconds_count " << cumulative << '\n';
  Header(out, "drove_epoch_drove_call_errors_total", "counter",
         "Drove calls that failed (no answer, or an error answer), by call.");
  for (size_t i = 0; i < kDroveCalls; ++i) {
    out << "drove_epoch_drove_call_errors_total{call=\"" << kCallNames[i] << "\"} "
        << drove_errors_[i].load(std::memory_order_relaxed) << '\n';
  }
  return out.str();
}

}  // namespace drove::epoch
