// The engine's thread, the per-app planning pass, and the delivery of start/stop messages.
#include "orchestrator/controller/engine/operations_engine.h"

#include <chrono>
#include <exception>
#include <optional>

#include "orchestrator/controller/engine/app_commands.h"
#include "orchestrator/controller/engine/blacklisting.h"
#include "orchestrator/controller/model/cluster_texts.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

struct AppSnapshot {
  AppRecord app;
  std::optional<OperationRecord> op;
  std::vector<InstanceView> active;
  int64_t last_failure = 0;
};

bool SameOp(const OperationRecord* current, const std::optional<OperationRecord>& planned) {
  if (current == nullptr || !planned) return current == nullptr && !planned;
  return current->kind == planned->kind && current->started == planned->started &&
         current->target == planned->target;
}

// What is needed to send one message, read under the model lock: an InstanceInfo or TaskInfo,
// and the spec it runs (absent for a kill).
template <typename Info>
struct Delivery {
  ExecutorAddress executor;
  Info info;
  json spec;
};

// A start whose executor is not known (yet): a new leader hears from executors only with their
// next snapshot. The start waits for it; if the executor never comes, the lost timer ends the
// PENDING record and with it this start.
template <typename Info>
bool AwaitsExecutor(const Delivery<Info>& delivery) {
  return delivery.executor.executor_id.empty();
}

// A start placed before its executor was blacklisted is not sent (the executor would refuse it).
template <typename Info>
bool ExecutorRefuses(const Delivery<Info>& delivery) {
  return !AwaitsExecutor(delivery) && delivery.executor.executor_state != "ACTIVE";
}

constexpr const char* kSessionOver = "Operation ended before this instance was started";

void FailUnstartedTask(ClusterModel* model, const std::string& key, const std::string& reason) {
  core::Status st = model->Update([&](ModelState& s) { return s.MarkTaskUnstarted(key, reason); });
  if (!st.ok()) DLOG_ERROR("cannot fail unstarted task", {{"task", key}, {"error", st.message()}});
}

}  // namespace

OperationsEngine::OperationsEngine(ClusterModel* model, ExecutorClient* client,
                                   EngineOptions options, NowFn now, TermGate gate)
    : model_(model),
      client_(client),
      options_(options),
      now_(std::move(now)),
      gate_(gate ? std::move(gate) : TermGate([] { return uint64_t{1}; })) {}

OperationsEngine::~OperationsEngine() { Stop(); }

void OperationsEngine::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OperationsEngine::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OperationsEngine::Signal() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    signalled_ = true;
  }
  cv_.notify_all();
}

void OperationsEngine::RequestTaskStart(const std::string& task_key) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    inbox_task_starts_.push_back(task_key);
  }
  Signal();
}

void OperationsEngine::RequestTaskKill(const std::string& task_key) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    inbox_task_kills_.push_back(task_key);
  }
  Signal();
}

void OperationsEngine::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    signalled_ = false;
    lock.unlock();
    Tick();
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(options_.tick_ms),
                 [this] { return stopping_ || signalled_; });
  }
}

bool OperationsEngine::EnterTerm() {
  const uint64_t term = gate_();
  if (term != term_) {
    instance_starts_.clear();
    instance_stops_.clear();
    task_starts_.clear();
    task_kills_.clear();
    place_backoff_.clear();
    service_backoff_.clear();
    next_cleanup_ = 0;
    term_ = term;
    if (term != 0) QueueStoredStarts();
  }
  return term != 0;
}

// A new leader cannot know whether its predecessor delivered the starts it stored, so it sends
// every PENDING one again: executors ignore a start for an instance they already run, which makes
// the re-send safe, and nothing waits for the lost timeout.
void OperationsEngine::QueueStoredStarts() {
  model_->Read([&](const ModelState& s) {
    for (const auto* table : s.InstanceTables()) {
      for (const auto& [owner_id, of_owner] : *table) {
        for (const auto& [id, info] : of_owner) {
          if (info.state != core::InstanceState::kPending) continue;
          // An app's start belongs to its operation; a local service's to no session.
          const OperationRecord* op =
              IsServiceInstanceId(id) ? nullptr : s.FindOperation(owner_id);
          instance_starts_[id] =
              Pending{owner_id, 0, op ? std::optional<int64_t>(op->started) : std::nullopt};
        }
      }
    }
    for (const auto& [key, task] : s.tasks()) {
      if (task.info.state == core::TaskState::kPending) {
        task_starts_[key] = Pending{key, 0, std::nullopt};
      }
    }
  });
}

void OperationsEngine::Tick() {
  try {
    if (!EnterTerm()) return;
    DrainInbox();
    const MoveOptions moves{options_.default_parallelism, options_.default_timeout_ms};
    auto in_maintenance = model_->Update([&](ModelState& s) {
      const bool window = s.InMaintenanceWindow(options_.maintenance_settle_ms);
      // Silence is expected in maintenance (executors restarting): nothing is judged lost then.
      if (!window) {
        s.ExpireLost(options_.instance_lost_timeout_ms, options_.executor_lost_timeout_ms);
      }
      MoveOffBlacklisted(s, moves, window);
      return window;
    });
    if (!in_maintenance.ok()) return;  // the model is stale: the next tick starts a new term
    if (!*in_maintenance) CleanStaleData();  // nothing is deleted while operators work
    DriveApps(*in_maintenance);
    DriveLocalServices(*in_maintenance);
    SendInstanceStarts();
    SendInstanceStops();
    SendTaskStarts();
    SendTaskKills();
    SendOrphanStops();
  } catch (const std::exception& e) {
    // A bug in one pass must not kill the engine thread; the next tick starts afresh.
    DLOG_ERROR("engine tick failed", {{"error", e.what()}});
  }
}

void OperationsEngine::DrainInbox() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& key : inbox_task_starts_) task_starts_[key] = Pending{key, 0, std::nullopt};
  for (auto& key : inbox_task_kills_) task_kills_[key] = Pending{key, 0, std::nullopt};
  inbox_task_starts_.clear();
  inbox_task_kills_.clear();
}

void OperationsEngine::DriveApps(bool in_maintenance) {
  std::vector<AppSnapshot> snapshots = model_->Read([&](const ModelState& s) {
    std::vector<AppSnapshot> out;
    for (const auto& [app_id, app] : s.apps()) {
      AppSnapshot snap{app, std::nullopt, {}, s.LastFailure(app_id)};
      if (const OperationRecord* op = s.FindOperation(app_id)) snap.op = *op;
      for (const auto& [id, info] : s.InstancesOf(app_id)) {
        if (!core::IsActive(info.state)) continue;
        snap.active.push_back(InstanceView{id, info.executor_id, info.state, info.created,
                                           instance_stops_.contains(id)});
      }
      out.push_back(std::move(snap));
    }
    return out;
  });
  const int64_t now = now_();
  for (const auto& snap : snapshots) {
    PlanInput input{snap.app, snap.op, snap.active, now, true, !in_maintenance,
                    options_.default_parallelism, options_.default_timeout_ms};
    auto backoff = place_backoff_.find(snap.app.app_id);
    input.may_start = now - snap.last_failure >= options_.start_backoff_ms &&
                      (backoff == place_backoff_.end() || now >= backoff->second);
    ApplyPlan(snap.app, snap.op, PlanApp(input));
  }
}

void OperationsEngine::ApplyPlan(const AppRecord& planned_app,
                                 const std::optional<OperationRecord>& planned_op,
                                 const Plan& plan) {
  const std::string& app_id = planned_app.app_id;
  // Each state change re-checks under the lock that the operation did not change meanwhile
  // (an API call may have replaced or cancelled it since the snapshot).
  auto save = [&](std::optional<core::ApplicationState> state, const OperationRecord* new_op,
                   bool clear_op) {
    return model_->Update([&](ModelState& s) -> core::Status {
      const AppRecord* app = s.FindApp(app_id);
      if (app == nullptr || !SameOp(s.FindOperation(app_id), planned_op)) return core::Status::Ok();
      AppRecord next = *app;
      next.state = state ? *state : StableState(next);
      next.updated = s.Now();
      return s.SaveApp(next, new_op, clear_op);
    });
  };
  core::Status st;
  if (plan.destroy) {
    st = model_->Update([&](ModelState& s) {
      return SameOp(s.FindOperation(app_id), planned_op) ? s.DestroyApp(app_id)
                                                         : core::Status::Ok();
    });
    if (st.ok()) CountFinished(planned_op, "completed");
  } else if (plan.finish) {
    if (plan.timed_out) {
      DLOG_ERROR("operation timed out", {{"appId", app_id},
                                         {"operation", planned_op->source_type}});
    }
    st = save(std::nullopt, nullptr, true);
    if (st.ok()) CountFinished(planned_op, plan.timed_out ? "timed_out" : "completed");
  } else if (plan.new_op || plan.new_state) {
    st = save(plan.new_state, plan.new_op ? &*plan.new_op : nullptr, false);
  }
  if (!st.ok()) {
    DLOG_ERROR("cannot save app state", {{"appId", app_id}, {"error", st.message()}});
    return;
  }
  const std::optional<OperationRecord>& session_op = plan.new_op ? plan.new_op : planned_op;
  for (int k = 0; k < plan.start && session_op; ++k) {
    auto placed = model_->Update([&](ModelState& s) { return s.PlaceInstance(app_id); });
    if (!placed.ok()) {
      DLOG_WARN("cannot place instance", {{"appId", app_id}, {"reason", placed.error()}});
      place_backoff_[app_id] = now_() + options_.start_backoff_ms;
      break;
    }
    instance_starts_[placed->instance_id] = Pending{app_id, 0, session_op->started};
  }
  for (const auto& id : plan.stop) {
    DLOG_INFO("stopping instance", {{"appId", app_id}, {"instanceId", id}});
    instance_stops_[id] = Pending{app_id, 0, std::nullopt};
  }
}

void OperationsEngine::CountFinished(const std::optional<OperationRecord>& op,
                                     std::string_view result) {
  if (op && options_.metrics != nullptr) options_.metrics->OperationFinished(*op, result, now_());
}

void OperationsEngine::SendInstanceStarts() {
  const int64_t now = now_();
  for (auto it = instance_starts_.begin(); it != instance_starts_.end();) {
    const std::string id = it->first;
    Pending& pending = it->second;
    std::string abandon;
    using InstanceDelivery = Delivery<core::InstanceInfo>;
    auto delivery = model_->Read([&](const ModelState& s) -> std::optional<InstanceDelivery> {
      const core::InstanceInfo* info = s.FindInstance(pending.app_id, id);
      std::optional<json> spec = s.StartSpecOf(pending.app_id, id);
      if (info == nullptr || !spec) return std::nullopt;
      if (info->state != core::InstanceState::kPending) return std::nullopt;
      const OperationRecord* op = s.FindOperation(pending.app_id);
      if (pending.session && (op == nullptr || op->started != *pending.session)) {
        abandon = kSessionOver;
        return std::nullopt;
      }
      auto address = s.AddressOf(info->executor_id);
      InstanceDelivery found{address.value_or(ExecutorAddress{}), *info, std::move(*spec)};
      if (!ExecutorRefuses(found)) return found;
      abandon = texts::kExecutorNotActive + found.executor.executor_id;
      return std::nullopt;
    });
    if (!abandon.empty()) AbandonStart(pending.app_id, id, abandon);
    if (delivery && AwaitsExecutor(*delivery)) {
      ++it;
      continue;
    }
    if (!delivery) {
      it = instance_starts_.erase(it);
      continue;
    }
    if (now < pending.next_try) {
      ++it;
      continue;
    }
    if (DeliverInstanceStart(delivery->executor, delivery->info, delivery->spec)) {
      it = instance_starts_.erase(it);
    } else {
      pending.next_try = now + options_.retry_ms;
      ++it;
    }
  }
}

bool OperationsEngine::DeliverInstanceStart(const ExecutorAddress& executor,
                                            const core::InstanceInfo& info, const json& spec) {
  const std::string& app_id = info.app_id;
  const std::string& id = info.instance_id;
  // A source that fails now would fail the same way on a resend: the start fails with the reason.
  auto resolved = InlineControllerFetches(spec, options_.fetch_config);
  if (!resolved.ok()) {
    AbandonStart(app_id, id, resolved.error(), core::InstanceState::kProvisioningFailed);
    return true;
  }
  core::Status st = client_->StartInstance(executor, info, *resolved);
  if (!st.ok()) {
    DLOG_WARN("start not delivered", {{"appId", app_id}, {"instanceId", id},
                                      {"error", st.message()}});
    return false;
  }
  DLOG_INFO("start sent", {{"appId", app_id}, {"instanceId", id},
                           {"executorId", executor.executor_id}});
  return true;
}

void OperationsEngine::AbandonStart(const std::string& app_id, const std::string& instance_id,
                                    const std::string& reason, core::InstanceState state) {
  core::Status st = model_->Update([&](ModelState& s) {
    const core::InstanceInfo* info = s.FindInstance(app_id, instance_id);
    if (info == nullptr || info->state != core::InstanceState::kPending) {
      return core::Status::Ok();
    }
    return s.MarkInstance(app_id, instance_id, state, reason);
  });
  if (st.ok()) {
    DLOG_INFO("unstarted instance released", {{"appId", app_id}, {"instanceId", instance_id},
                                              {"reason", reason}});
  } else {
    DLOG_ERROR("cannot release unstarted instance", {{"appId", app_id},
                                                     {"instanceId", instance_id},
                                                     {"error", st.message()}});
  }
}

void OperationsEngine::SendInstanceStops() {
  const int64_t now = now_();
  for (auto it = instance_stops_.begin(); it != instance_stops_.end();) {
    const std::string id = it->first;
    Pending& pending = it->second;
    auto address = model_->Read([&](const ModelState& s) -> std::optional<ExecutorAddress> {
      const core::InstanceInfo* info = s.FindInstance(pending.app_id, id);
      if (info == nullptr || !core::IsActive(info->state)) return std::nullopt;
      auto found = s.AddressOf(info->executor_id);
      return found ? found : ExecutorAddress{};  // executor gone: wait for the lost timer
    });
    if (!address) {
      it = instance_stops_.erase(it);
      continue;
    }
    if (now < pending.next_try || address->executor_id.empty()) {
      ++it;
      continue;
    }
    core::Status st = client_->StopInstance(*address, pending.app_id, id);
    if (!st.ok()) {
      DLOG_WARN("stop not delivered", {{"appId", pending.app_id}, {"instanceId", id},
                                       {"error", st.message()}});
    }
    pending.next_try = now + (st.ok() ? options_.stop_resend_ms : options_.retry_ms);
    ++it;
  }
}

void OperationsEngine::SendTaskStarts() {
  const int64_t now = now_();
  for (auto it = task_starts_.begin(); it != task_starts_.end();) {
    const std::string key = it->first;
    using TaskDelivery = Delivery<core::TaskInfo>;
    auto delivery = model_->Read([&](const ModelState& s) -> std::optional<TaskDelivery> {
      const TaskRecord* task = s.FindTask(key);
      if (task == nullptr || task->info.state != core::TaskState::kPending) return std::nullopt;
      auto address = s.AddressOf(task->info.executor_id);
      return TaskDelivery{address.value_or(ExecutorAddress{}), task->info, task->spec};
    });
    if (delivery && ExecutorRefuses(*delivery)) {
      FailUnstartedTask(model_, key,
                        texts::kExecutorNotActive + delivery->executor.executor_id);
      delivery.reset();
    }
    if (!delivery) {
      it = task_starts_.erase(it);
      continue;
    }
    if (AwaitsExecutor(*delivery)) {
      ++it;
      continue;
    }
    if (now < it->second.next_try) {
      ++it;
      continue;
    }
    auto spec = InlineControllerFetches(delivery->spec, options_.fetch_config);
    if (!spec.ok()) {
      FailUnstartedTask(model_, key, spec.error());
      it = task_starts_.erase(it);
      continue;
    }
    core::Status st = client_->StartTask(delivery->executor, delivery->info, *spec);
    if (st.ok()) {
      DLOG_INFO("task start sent", {{"task", key}, {"executorId", delivery->executor.executor_id}});
      it = task_starts_.erase(it);
    } else {
      DLOG_WARN("task start not delivered", {{"task", key}, {"error", st.message()}});
      it->second.next_try = now + options_.retry_ms;
      ++it;
    }
  }
}

void OperationsEngine::SendTaskKills() {
  const int64_t now = now_();
  for (auto it = task_kills_.begin(); it != task_kills_.end();) {
    const std::string key = it->first;
    using TaskDelivery = Delivery<core::TaskInfo>;
    auto delivery = model_->Read([&](const ModelState& s) -> std::optional<TaskDelivery> {
      const TaskRecord* task = s.FindTask(key);
      if (task == nullptr || !core::IsActive(task->info.state)) return std::nullopt;
      auto address = s.AddressOf(task->info.executor_id);
      return TaskDelivery{address.value_or(ExecutorAddress{}), task->info, json()};
    });
    if (!delivery) {
      it = task_kills_.erase(it);
      continue;
    }
    if (now < it->second.next_try || delivery->executor.executor_id.empty()) {
      ++it;
      continue;
    }
    const core::TaskInfo& info = delivery->info;
    core::Status st = client_->StopTask(delivery->executor, info.source_app_name, info.task_id,
                                        info.instance_id);
    if (!st.ok()) DLOG_WARN("task kill not delivered", {{"task", key}, {"error", st.message()}});
    it->second.next_try = now + (st.ok() ? options_.stop_resend_ms : options_.retry_ms);
    ++it;
  }
}

void OperationsEngine::CleanStaleData() {
  const int64_t now = now_();
  if (now < next_cleanup_) return;
  next_cleanup_ = now + options_.stale_check_interval_ms;
  const CommandOptions destroy{options_.default_parallelism, options_.default_timeout_ms, {}};
  core::Status st = model_->Update([&](ModelState& s) {
    for (const auto& app_id : s.CleanStale(options_.stale)) {
      auto outcome = SubmitAppOperation(s, json{{"type", "DESTROY"}, {"appId", app_id}}, destroy);
      DLOG_INFO("stale app destroy requested",
                {{"appId", app_id},
                 {"result", outcome.ok() ? "accepted" : outcome.refusal.errors.front()}});
    }
  });
  if (!st.ok()) DLOG_ERROR("stale data not cleaned", {{"error", st.message()}});
}

void OperationsEngine::SendOrphanStops() {
  auto orphans = model_->Update([](ModelState& s) { return s.TakeOrphans(); });
  if (!orphans.ok()) return;
  std::set<std::string> sent;
  for (const auto& orphan : *orphans) {
    if (!sent.insert(orphan.instance_id).second) continue;
    core::Status st = orphan.is_task
                          ? client_->StopTask(orphan.executor, orphan.app_id, orphan.task_id,
                                              orphan.instance_id)
                          : client_->StopInstance(orphan.executor, orphan.app_id,
                                                  orphan.instance_id);
    // Not retried here: the executor's next snapshot reports the container again if it lives.
    if (!st.ok()) {
      DLOG_WARN("orphan stop not delivered", {{"instanceId", orphan.instance_id},
                                              {"error", st.message()}});
    }
  }
}

}  // namespace drove::controller
