// What the scheduler tells the rest of drove-epoch about runs (mail, metrics): called on a run
// worker or timer thread, so an observer must return at once (queue or count, never block).
#pragma once

#include <cstdint>

#include "orchestrator/epoch/model/run_info.h"

namespace drove::epoch {

class SchedulerObserver {
 public:
  virtual ~SchedulerObserver() = default;
  // A run's final state (COMPLETED, SUCCESSFUL, SKIPPED, FAILED) was written to the store: once
  // per run, by the leader that wrote it (a write refused to a deposed leader says nothing; the
  // next leader finishes the run and reports it).
  virtual void RunFinished(const RunInfo& /*run*/) {}
  // Drove accepted the first CREATE of a scheduled fire this node started, `lateness_millis`
  // after its cron (or AT) time.
  virtual void FireStarted(const RunInfo& /*run*/, int64_t /*lateness_millis*/) {}
};

}  // namespace drove::epoch
