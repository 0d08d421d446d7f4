// drove-epoch's Prometheus metrics and their text exposition (format 0.0.4): runs by final state,
// fire lateness (cron time -> Drove CREATE accepted), Drove calls that failed, and, from the
// caller's snapshot at scrape time, topologies by state and whether this node leads.
//
// Owner: none needed: every counter is an atomic, bumped from run workers and read by the scrape.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "orchestrator/epoch/scheduling/scheduler_observer.h"

namespace drove::epoch {

// The Drove calls counted by drove_epoch_drove_call_errors_total{call=...}.
enum class DroveCall { kCreate, kStatus, kKill, kDelete, kLeader };
inline constexpr size_t kDroveCalls = 5;

// Upper bounds (seconds) of the lateness histogram: 1 ms to 10 s, then +Inf.
inline constexpr std::array<double, 13> kLatenessBounds = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

// What the scrape reads from the repository and the election.
struct TopologyGauges {
  int active = 0;
  int paused = 0;
  bool leader = false;
};

class EpochMetrics : public SchedulerObserver {
 public:
  EpochMetrics();

  void RunFinished(const RunInfo& run) override;
  void FireStarted(const RunInfo& run, int64_t lateness_millis) override;
  void CountDroveError(DroveCall call);

  std::string Render(const TopologyGauges& gauges) const;

 private:
  std::array<std::atomic<uint64_t>, 5> runs_{};  // by RunState (RUNNING stays 0)
  // Not cumulative: lateness_[i] counts fires in (bound[i-1], bound[i]]; the last is +Inf.
  std::array<std::atomic<uint64_t>, kLatenessBounds.size() + 1> lateness_{};
  std::array<int64_t, kLatenessBounds.size()> bound_micros_{};
  std::atomic<uint64_t> lateness_sum_millis_{0};
  std::array<std::atomic<uint64_t>, kDroveCalls> drove_errors_{};
};

}  // namespace drove::epoch
