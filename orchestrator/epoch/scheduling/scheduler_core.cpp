// Scheduling decisions: fires, runs, steps (see scheduler_core.h).
#include "orchestrator/epoch/scheduling/scheduler_core.h"

#include <algorithm>

#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/execution/state_mapping.h"
#include "orchestrator/epoch/scheduling/fire_planner.h"
#include "orchestrator/epoch/scheduling/run_retention.h"

namespace drove::epoch {

SchedulerCore::SchedulerCore(EpochRepository& repository, DroveTaskClient& drove,
                             const core::Clock& clock, RunSettings settings, cron::TimeZone zone,
                             RetentionSettings retention)
    : repository_(repository),
      drove_(drove),
      clock_(clock),
      settings_(std::move(settings)),
      zone_(std::move(zone)),
      retention_(retention) {}

std::string SchedulerCore::Key(const std::string& topology_id, const std::string& run_id) {
  return topology_id + "/" + run_id;
}

void SchedulerCore::Push(Work work) {
  {
    std::lock_guard lock(mu_);
    if (!active_ || work.term != term_) return;  // queued by a term that has ended
    queue_.Push(std::move(work));
  }
  if (wakeup_) wakeup_();
}

void SchedulerCore::ResetLocked() {
  ++term_;
  queue_ = FireQueue();
  plans_.clear();
  machines_.clear();
  promised_instant_ids_.clear();
}

void SchedulerCore::Deactivate() {
  std::lock_guard lock(mu_);
  if (active_) DLOG_INFO("scheduling stopped", {{"runsDropped", std::to_string(machines_.size())}});
  ResetLocked();
  active_ = false;
}

bool SchedulerCore::Active() const {
  std::lock_guard lock(mu_);
  return active_;
}

void SchedulerCore::Recover() {
  uint64_t term = 0;
  {
    std::lock_guard lock(mu_);
    ResetLocked();
    active_ = true;
    term = term_;
  }
  for (const RunInfo& run : repository_.RunsInState(RunState::kRunning)) {
    auto details = repository_.Topology(run.topology_id);
    if (!details || !details->topology.task || !details->topology.trigger) continue;
    if (run.run_type == RunType::kScheduled) {
      std::lock_guard lock(mu_);
      Plan& plan = plans_[run.topology_id];
      plan.run_active = true;
      plan.active_fire = run.created;
      plan.active_started = run.created;
    }
    DLOG_INFO("resuming run", {{"topologyId", run.topology_id}, {"runId", run.run_id}});
    Follow(run, *details, term);
  }
  {
    std::lock_guard lock(mu_);
    if (term != term_) return;  // deactivated meanwhile
    for (const EpochTopologyDetails& details : repository_.Topologies()) {
      PlanLocked(details.id, clock_.NowMillis(), /*catch_up=*/true);
    }
    if (retention_.interval_millis > 0) {
      queue_.Push(Work{Work::Kind::kCleanup, clock_.NowMillis() + retention_.interval_millis, "",
                       "", RunType::kScheduled, 0, term});
    }
  }
  if (wakeup_) wakeup_();
}

void SchedulerCore::TopologyChanged(const std::string& topology_id) {
  {
    std::lock_guard lock(mu_);
    if (!active_) return;
    PlanLocked(topology_id, clock_.NowMillis());
  }
  if (wakeup_) wakeup_();
}

void SchedulerCore::TopologyDeleted(const std::string& topology_id) {
  std::lock_guard lock(mu_);
  plans_.erase(topology_id);
}

std::string SchedulerCore::RunNow(const std::string& topology_id) {
  std::string run_id;
  {
    std::lock_guard lock(mu_);
    int64_t fire = clock_.NowMillis() + kInstantDelayMillis;
    // Two requests in one millisecond get distinct ids (Epoch would give both the same one).
    while (true) {
      run_id = FormatRunId(RunType::kInstant, fire, zone_);
      if (!promised_instant_ids_.count(Key(topology_id, run_id)) &&
          !repository_.Run(topology_id, run_id)) {
        break;
      }
      ++fire;
    }
    promised_instant_ids_.insert(Key(topology_id, run_id));
    if (active_) {
      queue_.Push(Work{Work::Kind::kFire, fire, topology_id, run_id, RunType::kInstant, 0, term_});
    }
  }
  if (wakeup_) wakeup_();
  return run_id;
}

std::optional<int64_t> SchedulerCore::NextDue() const {
  std::lock_guard lock(mu_);
  return queue_.NextDue();
}

std::vector<Work> SchedulerCore::PopDue() {
  std::lock_guard lock(mu_);
  return queue_.PopDue(clock_.NowMillis());
}

size_t SchedulerCore::ActiveRuns() const {
  std::lock_guard lock(mu_);
  return machines_.size();
}

void SchedulerCore::PlanLocked(const std::string& topology_id, int64_t after_millis,
                               bool catch_up) {
  auto details = repository_.Topology(topology_id);
  if (!details || !details->topology.trigger) {
    plans_.erase(topology_id);
    return;
  }
  Plan& plan = plans_[topology_id];
  ++plan.token;                 // whatever was queued before is void
  if (plan.run_active) return;  // planned when the run ends
  const EpochTrigger& trigger = *details->topology.trigger;
  if (trigger.type == TriggerType::kAt &&
      repository_.Run(topology_id, FormatRunId(RunType::kScheduled, trigger.time, zone_))) {
    return;  // an AT topology runs once
  }
  const int64_t now = clock_.NowMillis();
  if (auto missed = catch_up ? MissedFire(*details, now) : std::nullopt) {
    DLOG_INFO("running a missed fire", {{"topologyId", topology_id},
                                        {"runId", FormatRunId(RunType::kScheduled, *missed, zone_)},
                                        {"lateMs", std::to_string(now - *missed)}});
    queue_.Push(
        Work{Work::Kind::kFire, *missed, topology_id, "", RunType::kScheduled, plan.token, term_});
    return;
  }
  auto next = NextFireMillis(trigger, after_millis, now, zone_);
  if (!next) {
    DLOG_INFO("topology has no future fire", {{"topologyId", topology_id}});
    return;
  }
  queue_.Push(
      Work{Work::Kind::kFire, *next, topology_id, "", RunType::kScheduled, plan.token, term_});
}

// Fires after the later of: the window's start, the topology's last change (a topology created or
// resumed later did not miss them), and its last scheduled run's last write (the fires meanwhile
// were skipped by the no-overlap rule, or ran). A fire whose run exists is not missed.
std::optional<int64_t> SchedulerCore::MissedFire(const EpochTopologyDetails& details,
                                                 int64_t now) const {
  int64_t from = std::max(now - kCatchUpMillis, details.updated);
  for (const RunInfo& run : repository_.Runs(details.id)) {
    if (run.run_type == RunType::kScheduled) from = std::max(from, run.updated);
  }
  auto last = LastFireMillis(*details.topology.trigger, from, now, zone_);
  if (!last || repository_.Run(details.id, FormatRunId(RunType::kScheduled, *last, zone_))) {
    return std::nullopt;
  }
  return last;
}

void SchedulerCore::Execute(const Work& work) {
  {
    std::lock_guard lock(mu_);
    if (!active_ || work.term != term_) return;  // popped just before the term ended
  }
  switch (work.kind) {
    case Work::Kind::kStep:
      StepRun(work);
      break;
    case Work::Kind::kFire:
      Fire(work);
      break;
    case Work::Kind::kCleanup:
      Cleanup(work.term);
      break;
  }
  // Whatever this queued (a first step, the next fire) may be due before the timer's wake-up.
  if (wakeup_) wakeup_();
}

void SchedulerCore::Cleanup(uint64_t term) {
  for (const EpochTopologyDetails& details : repository_.Topologies()) {
    std::vector<std::string> prune =
        RunsToPrune(repository_.Runs(details.id), retention_.runs_per_topology);
    if (details.topology.trigger && details.topology.trigger->type == TriggerType::kAt) {
      // An AT topology's one scheduled run is what says it already fired: it stays.
      const std::string fired =
          FormatRunId(RunType::kScheduled, details.topology.trigger->time, zone_);
      prune.erase(std::remove(prune.begin(), prune.end(), fired), prune.end());
    }
    std::vector<std::string> deleted;
    for (const std::string& run_id : prune) {
      auto run = repository_.Run(details.id, run_id);
      if (!run) continue;
      bool drove_clean = true;
      for (const std::string& task_id : UpstreamTaskIds(*run)) {
        core::Status st = drove_.DeleteTask(task_id);
        if (!st.ok()) {  // kept for the next pass, so Drove's metadata is not orphaned
          DLOG_WARN("drove task metadata not deleted", {{"topologyId", details.id},
                                                        {"runId", run_id},
                                                        {"taskId", task_id},
                                                        {"error", st.message()}});
          drove_clean = false;
        }
      }
      if (drove_clean) deleted.push_back(run_id);
    }
    if (deleted.empty()) continue;
    if (auto st = repository_.DeleteRuns(details.id, deleted); !st.ok()) {
      DLOG_WARN("old runs not deleted", {{"topologyId", details.id}, {"error", st.message()}});
      continue;
    }
    DLOG_INFO("old runs deleted",
              {{"topologyId", details.id}, {"count", std::to_string(deleted.size())}});
  }
  Push(Work{Work::Kind::kCleanup, clock_.NowMillis() + retention_.interval_millis, "", "",
            RunType::kScheduled, 0, term});
}

void SchedulerCore::Fire(const Work& work) {
  if (work.run_type == RunType::kInstant) {
    FireInstant(work);
  } else {
    FireScheduled(work);
  }
}

void SchedulerCore::FireInstant(const Work& work) {
  {
    std::lock_guard lock(mu_);
    promised_instant_ids_.erase(Key(work.topology_id, work.run_id));
  }
  auto details = repository_.Topology(work.topology_id);
  if (!details || !details->topology.task || !details->topology.trigger) return;
  RunInfo run = NewRunRecord(*details, work.run_id, RunType::kInstant, clock_.NowMillis());
  if (auto st = repository_.SaveRun(run); !st.ok()) {
    DLOG_WARN("run not started: record not written",
              {{"topologyId", run.topology_id}, {"runId", run.run_id}, {"error", st.message()}});
    return;
  }
  DLOG_INFO("run started",
            {{"topologyId", run.topology_id}, {"runId", run.run_id}, {"runType", "INSTANT"}});
  Follow(run, *details, work.term);
}

void SchedulerCore::FireScheduled(const Work& work) {
  {
    std::lock_guard lock(mu_);
    auto plan = plans_.find(work.topology_id);
    if (plan == plans_.end() || plan->second.token != work.token || plan->second.run_active) {
      return;  // replanned, deleted, or its run is still going
    }
  }
  auto details = repository_.Topology(work.topology_id);
  if (!details || !details->topology.task || !details->topology.trigger) return;
  const std::string run_id = FormatRunId(RunType::kScheduled, work.due_millis, zone_);
  const int64_t now = clock_.NowMillis();
  RunInfo run = NewRunRecord(*details, run_id, RunType::kScheduled, now);
  if (details->state == TopologyState::kPaused) {
    run.state = RunState::kSkipped;
    run.message = FinalMessage(RunState::kSkipped);
  }
  std::lock_guard lock(mu_);
  if (work.term != term_) return;  // leadership lost meanwhile: plans_ is another term's
  auto found = plans_.find(work.topology_id);
  if (found == plans_.end() || found->second.token != work.token || found->second.run_active) {
    return;  // changed while the topology was read
  }
  Plan& plan = found->second;
  if (repository_.Run(work.topology_id, run_id)) {
    PlanLocked(work.topology_id, std::max(work.due_millis, now));  // this time already ran
    return;
  }
  if (auto st = repository_.SaveRun(run); !st.ok()) {
    DLOG_WARN("fire dropped: run record not written",
              {{"topologyId", run.topology_id}, {"runId", run_id}, {"error", st.message()}});
    PlanLocked(work.topology_id, std::max(work.due_millis, now));
    return;
  }
  if (run.state == RunState::kSkipped) {
    DLOG_INFO("run skipped: topology paused", {{"topologyId", run.topology_id}, {"runId", run_id}});
    for (SchedulerObserver* observer : observers_) observer->RunFinished(run);
    PlanLocked(work.topology_id, std::max(work.due_millis, now));
    return;
  }
  plan.run_active = true;
  plan.active_fire = work.due_millis;
  plan.active_started = now;
  DLOG_INFO("run started", {{"topologyId", run.topology_id},
                            {"runId", run_id},
                            {"runType", "SCHEDULED"},
                            {"lateMs", std::to_string(now - work.due_millis)}});
  auto machine =
      std::make_shared<RunMachine>(run, *details->topology.task, details->topology.trigger->type,
                                   drove_, repository_, clock_, settings_);
  machine->MeasureLatenessFrom(work.due_millis);
  machines_[Key(run.topology_id, run_id)] = std::move(machine);
  queue_.Push(
      Work{Work::Kind::kStep, now, run.topology_id, run_id, RunType::kScheduled, 0, work.term});
}

void SchedulerCore::Follow(const RunInfo& run, const EpochTopologyDetails& details, uint64_t term) {
  auto machine =
      std::make_shared<RunMachine>(run, *details.topology.task, details.topology.trigger->type,
                                   drove_, repository_, clock_, settings_);
  {
    std::lock_guard lock(mu_);
    if (term != term_) return;
    machines_[Key(run.topology_id, run.run_id)] = std::move(machine);
  }
  Push(Work{Work::Kind::kStep, clock_.NowMillis(), run.topology_id, run.run_id, run.run_type, 0,
            term});
}

void SchedulerCore::StepRun(const Work& work) {
  std::shared_ptr<RunMachine> machine;
  {
    std::lock_guard lock(mu_);
    auto it = machines_.find(Key(work.topology_id, work.run_id));
    if (it == machines_.end()) return;
    machine = it->second;  // ours until this step returns, even if the term ends meanwhile
  }
  std::optional<std::chrono::milliseconds> next;
  try {
    next = machine->Step();
  } catch (const std::exception& e) {
    machine->Fail(e.what());
  }
  // Told even when the term ended meanwhile: a final state the store took is final.
  if (auto lateness = machine->TakeLateness()) {
    for (SchedulerObserver* observer : observers_) observer->FireStarted(machine->run(), *lateness);
  }
  if (!next && machine->final_state_written()) {
    for (SchedulerObserver* observer : observers_) observer->RunFinished(machine->run());
  }
  if (next) {
    Push(Work{Work::Kind::kStep, clock_.NowMillis() + next->count(), work.topology_id, work.run_id,
              work.run_type, 0, work.term});
    return;
  }
  RunEnded(machine->run(), work.term);
}

void SchedulerCore::RunEnded(const RunInfo& run, uint64_t term) {
  {
    std::lock_guard lock(mu_);
    if (term != term_) return;  // the table and the plans are another term's now
    machines_.erase(Key(run.topology_id, run.run_id));  // the caller still holds the machine
    if (run.run_type != RunType::kScheduled) return;
    const std::string& topology_id = run.topology_id;
    auto plan = plans_.find(topology_id);
    if (plan == plans_.end()) return;  // deleted meanwhile
    plan->second.run_active = false;
    // From the end of the run less the start's lateness, as Epoch: fires that passed are dropped.
    const int64_t drift = plan->second.active_started - plan->second.active_fire;
    const int64_t after = std::max(plan->second.active_fire, clock_.NowMillis() - drift);
    PlanLocked(topology_id, after);
  }
  if (wakeup_) wakeup_();
}

}  // namespace drove::epoch
