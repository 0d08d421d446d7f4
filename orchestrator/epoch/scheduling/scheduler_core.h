// Epoch's scheduling decisions without threads (the clock, Drove and the store are injected, so
// tests drive it by hand): which topology fires when, the run each fire creates, and the steps of
// every running run, all in one FireQueue.
//
// Rules (epoch-api.md section 3, "Scheduling engine"): a scheduled topology never overlaps itself —
// its next fire is planned only when its run ends, and fire times that pass meanwhile are dropped;
// a PAUSED topology keeps its schedule and each fire is recorded as a SKIPPED run; INSTANT runs are
// independent, allowed on PAUSED topologies, and may overlap scheduled ones. Our fixes of Epoch's
// [q]s: a deleted topology's pending fire is dropped (its plan is gone), an AT topology fires once
// at its time (its run id is ESR-<time>; once that run exists it is never planned again), a cron
// with no future fire is not fired.
//
// Leadership: only the leader schedules. A core starts active (one node on SQLite leads from its
// start); with ZooKeeper, Deactivate when leadership is lost and Recover when it is won. Each of
// them starts a new term: the queue, the plans and the runs followed are dropped, and work of an
// older term that is still running (one Drove call at most) queues nothing when it returns.
//
// Owner: mu_ guards the queue, the plans, the machine table and the term; Execute runs on any
// worker thread (steps of one run never run concurrently: the next is queued when the current one
// returns).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/core/util/clock.h"
#include "orchestrator/epoch/cron/time_zone.h"
#include "orchestrator/epoch/drove/drove_task_client.h"
#include "orchestrator/epoch/execution/run_machine.h"
#include "orchestrator/epoch/scheduling/fire_queue.h"
#include "orchestrator/epoch/scheduling/scheduler_observer.h"
#include "orchestrator/epoch/store/epoch_repository.h"

namespace drove::epoch {

// Retention (options.numRunsPerJob, options.cleanupJobInterval); interval 0 turns it off.
struct RetentionSettings {
  int runs_per_topology = 5;
  int64_t interval_millis = 5 * 60 * 1000;
};

// Epoch fires a run-now request 100 ms after it arrives; the run id carries that time.
inline constexpr int64_t kInstantDelayMillis = 100;
// A cron fire that fell due while no node led (a leader change, a restart) is run late, once, by
// the next leader when it was due at most this long before (Quartz's default misfire threshold).
inline constexpr int64_t kCatchUpMillis = 60 * 1000;

class SchedulerCore {
 public:
  SchedulerCore(EpochRepository& repository, DroveTaskClient& drove, const core::Clock& clock,
                RunSettings settings, cron::TimeZone zone, RetentionSettings retention = {});

  // Called (without the lock held) whenever an entry was queued, so a waiting thread re-checks.
  void SetWakeup(std::function<void()> wakeup) { wakeup_ = std::move(wakeup); }
  // Told of finished runs and fire lateness (mail, metrics); added before any work runs.
  void AddObserver(SchedulerObserver* observer) { observers_.push_back(observer); }

  // At start, or on winning leadership (after the repository was loaded): a new term in which
  // every RUNNING run is resumed under its run id (Drove's "Task already exists" means "keep
  // following it"), every topology gets its next fire (or, first, the fire it missed within
  // kCatchUpMillis), and retention is queued.
  void Recover();
  // On losing leadership: stops at once (see the top of this file). Recover starts again.
  void Deactivate();
  bool Active() const;
  // Created, updated, paused or unpaused: plan the next fire from now (after the running
  // scheduled run, if any).
  void TopologyChanged(const std::string& topology_id);
  // Deleted: its pending fire will be dropped; running runs end at their next write.
  void TopologyDeleted(const std::string& topology_id);
  // Queues an INSTANT run at now + 100 ms and returns its run id (EIR-...).
  std::string RunNow(const std::string& topology_id);

  std::optional<int64_t> NextDue() const;
  // Removes the work due at the clock's now.
  std::vector<Work> PopDue();
  // Does one piece of work (blocking: Drove calls, store writes) and queues what follows.
  void Execute(const Work& work);

  // For tests and diagnostics: runs being followed now.
  size_t ActiveRuns() const;
  // The zone cron times are read in (the UI's cron preview uses the scheduler's).
  const cron::TimeZone& zone() const { return zone_; }

 private:
  struct Plan {
    uint64_t token = 0;
    bool run_active = false;     // a SCHEDULED run is going: no fire until it ends
    int64_t active_fire = 0;     // that run's fire time
    int64_t active_started = 0;  // when it actually started (drift = started - fire)
  };

  // Queues the topology's next fire in the current term; with catch_up, the fire it missed
  // instead when there is one (see kCatchUpMillis).
  void PlanLocked(const std::string& topology_id, int64_t after_millis, bool catch_up = false);
  std::optional<int64_t> MissedFire(const EpochTopologyDetails& details, int64_t now) const;
  // Ends the term: empties the queue, the plans and the machine table.
  void ResetLocked();
  void Fire(const Work& work);
  void FireScheduled(const Work& work);
  void FireInstant(const Work& work);
  void StepRun(const Work& work);
  // Creates the machine of a stored run and queues its first step now, in `term`.
  void Follow(const RunInfo& run, const EpochTopologyDetails& details, uint64_t term);
  void RunEnded(const RunInfo& run, uint64_t term);
  // Deletes the runs retention drops (Drove task metadata first), then queues the next pass.
  void Cleanup(uint64_t term);
  // Queues work of `work.term`; dropped when that term has ended.
  void Push(Work work);
  static std::string Key(const std::string& topology_id, const std::string& run_id);

  EpochRepository& repository_;
  DroveTaskClient& drove_;
  const core::Clock& clock_;
  const RunSettings settings_;
  const cron::TimeZone zone_;
  const RetentionSettings retention_;
  std::function<void()> wakeup_;
  std::vector<SchedulerObserver*> observers_;

  mutable std::mutex mu_;
  uint64_t term_ = 1;
  bool active_ = true;
  FireQueue queue_;
  std::map<std::string, Plan> plans_;  // by topology id
  // By Key(); shared so a step in flight keeps its machine when a term ends under it.
  std::map<std::string, std::shared_ptr<RunMachine>> machines_;
  std::set<std::string> promised_instant_ids_;  // Key()s queued by RunNow
};

}  // namespace drove::epoch
