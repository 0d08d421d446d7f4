// The controller core's own counters and histograms for /metrics: operations finished and their
// wall time, store call latency, leadership changes and instance transitions (heard from the
// event store). Gauges (things by state) are counted from the model at scrape time instead
// (views.h GaugesOf).
//
// Owner: the controller core; the engine thread, API threads (cancel), every store caller and
// the event store's delivery update it, /metrics reads it. The families lock themselves (leaf
// locks, so counting an event never blocks its delivery); the leader count is atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/metrics/metric_families.h"

namespace drove::controller {

class ControllerMetrics : public EventListener {
 public:
  ControllerMetrics();

  // `op` left the model at `now_ms` (controller clock): result completed, timed_out or
  // cancelled. Its wall time runs from its submission (`op.started`).
  void OperationFinished(const OperationRecord& op, std::string_view result, int64_t now_ms);
  void LeadershipChanged() { leader_changes_.fetch_add(1, std::memory_order_relaxed); }
  core::HistogramFamily* store_durations() { return &store_durations_; }
  // Instance, local-service instance and task state changes, by kind and new state.
  void OnEvent(const EventPtr& event) override;
  void OnCleared() override {}

  void WriteTo(core::PrometheusText& out) const;

 private:
  core::CounterFamily operations_;
  core::HistogramFamily operation_durations_;
  core::HistogramFamily store_durations_;
  core::CounterFamily transitions_;
  std::atomic<uint64_t> leader_changes_{0};
};

// The `op` label of an operation: the API type it came from (SCALE_INSTANCES, ..., or MONITOR,
// BLACKLIST for the controller's own), the kind when that is unknown.
std::string OperationLabel(const OperationRecord& op);

}  // namespace drove::controller
