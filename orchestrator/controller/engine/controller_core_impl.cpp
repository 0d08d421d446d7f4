// ControllerCoreImpl: API calls as model reads/updates, executor messages as model reports.
#include "orchestrator/controller/engine/controller_core_impl.h"

#include "orchestrator/controller/engine/blacklisting.h"
#include "orchestrator/controller/engine/leader_gated_client.h"
#include "orchestrator/controller/engine/rule_dry_run.h"
#include "orchestrator/controller/engine/views.h"
#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/store/timed_store.h"

namespace drove::controller {
namespace {

using nlohmann::json;

EngineOptions MakeEngineOptions(const CoreOptions& o, ControllerMetrics* metrics) {
  EngineOptions e;
  e.metrics = metrics;
  e.tick_ms = o.tick.count();
  e.instance_lost_timeout_ms = o.instance_lost_timeout.count();
  e.executor_lost_timeout_ms = o.executor_lost_timeout.count();
  e.default_parallelism = o.default_parallelism;
  e.default_timeout_ms = o.default_op_timeout.count();
  e.maintenance_settle_ms = o.maintenance_settle_time.count();
  e.stale_check_interval_ms = o.stale_check_interval.count();
  e.stale = o.stale;
  return e;
}

CommandOptions MakeCommandOptions(const CoreOptions& o) {
  return CommandOptions{o.default_parallelism, o.default_op_timeout.count(), o.allowed_mount_dirs,
                        o.disable_cmdl_args, o.enable_raw_device_access};
}

// A (un)blacklist request the store did not take: every id failed, and the message says why.
json NoneApplied(const std::vector<std::string>& executor_ids, const core::Status& status) {
  core::BlacklistOperationResponse response;
  response.failed = executor_ids;
  response.message = "Store unavailable: " + status.message();
  return response;
}

template <typename Info>
std::optional<ExecutorAddress> AddressOfRecord(const ModelState& s, const Info* info) {
  if (info == nullptr) return std::nullopt;
  return s.AddressOf(info->executor_id);
}

}  // namespace

ControllerCoreImpl::ControllerCoreImpl(const CoreOptions& options,
                                       std::unique_ptr<store::StateStore> store,
                                       std::unique_ptr<ExecutorClient> client, NowFn now,
                                       std::unique_ptr<coordination::LeaderElection> election)
    : options_(options),
      commands_(MakeCommandOptions(options)),
      store_(store::TimeStoreCalls(std::move(store), metrics_.store_durations())),
      election_(std::move(election)),
      client_(MakeLeaderGatedClient(std::move(client), [this] { return IsLeader(); })),
      events_(options.max_events_storage_duration.count(), now),
      model_(store_.get(), &events_, now),
      engine_(&model_, client_.get(), MakeEngineOptions(options, &metrics_), now,
              [this] { return SyncLeadership(); }) {
  events_.Subscribe(&metrics_);
}

ControllerCoreImpl::~ControllerCoreImpl() {
  Stop();
  events_.Unsubscribe(&metrics_);
}

core::Status ControllerCoreImpl::StartElection() {
  if (campaigning_.exchange(true)) return core::Status::Ok();
  coordination::LeadershipEvents events;
  events.elected = [this] { engine_.Signal(); };
  events.lost = [this](const std::string& reason) {
    DLOG_WARN("leadership lost", {{"nodeId", options_.node_id}, {"reason", reason}});
    engine_.Signal();
  };
  return election_->Start(std::move(events));
}

core::Status ControllerCoreImpl::Start() {
  engine_.Start();
  return StartElection();
}

core::Status ControllerCoreImpl::Load() {
  if (auto st = StartElection(); !st.ok()) return st;
  if (SyncLeadership() == 0) return core::Status::Error("not leading, or the model did not load");
  return core::Status::Ok();
}

void ControllerCoreImpl::Stop() {
  if (campaigning_.exchange(false)) election_->Stop();
  engine_.Stop();
}

bool ControllerCoreImpl::IsLeader() {
  return term_ != 0 && election_->IsLeader() && !model_.stale();
}

std::string ControllerCoreImpl::LeaderNodeId() { return election_->Leader(); }

std::vector<ControllerNode> ControllerCoreImpl::Controllers() {
  const std::string leader = election_->Leader();
  std::vector<ControllerNode> nodes;
  for (const auto& id : election_->Candidates()) {
    nodes.push_back({id, !leader.empty() && id == leader, id == options_.node_id});
  }
  return nodes;
}

uint64_t ControllerCoreImpl::SyncLeadership() {
  const bool leads = campaigning_ && election_->IsLeader();
  if (term_ != 0 && model_.stale()) {
    // Memory holds a change the store refused: end the term; a leader starts the next one from
    // the store, as a newly elected one would.
    DLOG_WARN("term ends: a store write failed", {{"nodeId", options_.node_id}});
    term_ = 0;
    model_.Clear();
  }
  if (leads == (term_ != 0)) return term_;
  if (!leads) {
    metrics_.LeadershipChanged();
    term_ = 0;
    model_.Clear();
    events_.Clear();
    events_.Add(core::EventType::kLeadershipLost, {{"HOSTNAME", options_.node_id}});
    DLOG_WARN("stepped down", {{"nodeId", options_.node_id}});
    return 0;
  }
  if (auto st = model_.Reload(); !st.ok()) {
    // Still elected: the next tick tries again (the store may be briefly unavailable).
    DLOG_ERROR("model load failed", {{"nodeId", options_.node_id}, {"error", st.message()}});
    return 0;
  }
  events_.Clear();
  events_.Add(core::EventType::kLeadershipAcquired, {{"HOSTNAME", options_.node_id}});
  term_ = ++terms_;
  metrics_.LeadershipChanged();
  DLOG_INFO("leading", {{"nodeId", options_.node_id}, {"term", std::to_string(term_)}});
  return term_;
}

Outcome<std::string> ControllerCoreImpl::SubmitAppOperation(const json& operation) {
  auto outcome = model_.Update(
      [&](ModelState& s) { return controller::SubmitAppOperation(s, operation, commands_); });
  if (!outcome.ok()) return RefuseWrite<std::string>(outcome.status());
  if (outcome->ok()) engine_.Signal();
  return *outcome;
}

bool ControllerCoreImpl::CancelAppOperation(const std::string& app_id) {
  std::optional<OperationRecord> op;
  int64_t now = 0;
  auto cancelled = model_.Update([&](ModelState& s) {
    if (const OperationRecord* current = s.FindOperation(app_id)) op = *current;
    now = s.Now();
    return controller::CancelAppOperation(s, app_id);
  });
  if (!cancelled.ok()) {
    DLOG_ERROR("operation not cancelled", {{"appId", app_id}, {"error", cancelled.error()}});
    return false;
  }
  if (*cancelled) {
    DLOG_INFO("operation cancelled", {{"appId", app_id}});
    if (op) metrics_.OperationFinished(*op, "cancelled", now);
    engine_.Signal();
  }
  return *cancelled;
}

std::string ControllerCoreImpl::ListAppsJson(int64_t from, int64_t size) {
  return model_.AppListJson(from, size);
}

std::optional<json> ControllerCoreImpl::AppSummary(const std::string& app_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    const AppRecord* app = s.FindApp(app_id);
    if (app == nullptr) return std::nullopt;
    return AppSummaryJson(s, *app);
  });
}

std::optional<json> ControllerCoreImpl::AppSpec(const std::string& app_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    const AppRecord* app = s.FindApp(app_id);
    if (app == nullptr) return std::nullopt;
    return app->spec;
  });
}

json ControllerCoreImpl::AppInstances(const std::string& app_id, bool old) {
  return model_.Read([&](const ModelState& s) {
    json out = json::array();
    if (s.FindApp(app_id) == nullptr) return out;
    for (const auto& [id, info] : s.InstancesOf(app_id)) {
      if (core::IsActive(info.state) != old) out.push_back(info);
    }
    return out;
  });
}

std::optional<json> ControllerCoreImpl::AppInstance(const std::string& app_id,
                                                    const std::string& instance_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    if (IsServiceInstanceId(instance_id)) return std::nullopt;  // not an app's
    const core::InstanceInfo* info = s.FindInstance(app_id, instance_id);
    if (info == nullptr) return std::nullopt;
    return json(*info);
  });
}

json ControllerCoreImpl::DryRunPlacementRule(const json& policy, const json& scheduling_info) {
  auto parsed = core::ParsePlacementPolicy(policy, "ruleBasedPlacementPolicy");
  if (!parsed.ok() || !parsed->rule || !parsed->rule_type) {
    return json{{"status", false}, {"checkResult", {{"status", "FAILURE"}}}};
  }
  return model_.Read([&](const ModelState& s) {
    return controller::DryRunPlacementRule(s, *parsed, scheduling_info);
  });
}

Outcome<std::string> ControllerCoreImpl::SubmitTaskOperation(const json& operation) {
  auto result = model_.Update(
      [&](ModelState& s) { return controller::SubmitTaskOperation(s, operation, commands_); });
  if (!result.ok()) return RefuseWrite<std::string>(result.status());
  if (!result->start_key.empty()) engine_.RequestTaskStart(result->start_key);
  if (!result->kill_key.empty()) engine_.RequestTaskKill(result->kill_key);
  return result->outcome;
}

json ControllerCoreImpl::ListTasks() {
  return model_.Read([&](const ModelState& s) {
    json out = json::array();
    for (const auto& [key, task] : s.tasks()) {
      if (core::IsActive(task.info.state)) out.push_back(task.info);
    }
    return out;
  });
}

std::optional<json> ControllerCoreImpl::Task(const std::string& source_app,
                                             const std::string& task_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    const TaskRecord* task = s.FindTask(TaskKey(source_app, task_id));
    if (task == nullptr) return std::nullopt;
    return json(task->info);
  });
}

bool ControllerCoreImpl::DeleteTask(const std::string& source_app, const std::string& task_id) {
  return model_.Update([&](ModelState& s) { return s.DeleteTask(TaskKey(source_app, task_id)); })
      .ok();
}

json ControllerCoreImpl::ClusterSummary() {
  return model_.Read([&](const ModelState& s) { return ClusterSummaryJson(s, election_->Leader()); });
}

json ControllerCoreImpl::Executors() {
  return model_.Read([&](const ModelState& s) {
    json out = json::array();
    for (const auto& [id, executor] : s.executors()) out.push_back(ExecutorSummaryJson(s, executor));
    for (const auto& removed : s.removed_executors()) out.push_back(removed);
    return out;
  });
}

ClusterGauges ControllerCoreImpl::Gauges() {
  if (!IsLeader()) return {};
  return model_.Read([](const ModelState& s) { return GaugesOf(s); });
}

void ControllerCoreImpl::WriteMetrics(core::PrometheusText& out) { metrics_.WriteTo(out); }

std::optional<json> ControllerCoreImpl::Executor(const std::string& executor_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    auto it = s.executors().find(executor_id);
    if (it == s.executors().end()) return std::nullopt;
    return ExecutorNodeDataJson(s, it->second);
  });
}

std::optional<json> ControllerCoreImpl::SetMaintenance(bool on) {
  const core::ClusterState state =
      on ? core::ClusterState::kMaintenance : core::ClusterState::kNormal;
  auto stored = model_.Update([&](ModelState& s) -> core::Result<json> {
    if (auto st = s.SetClusterState(state); !st.ok()) return st;
    return json(s.cluster_state());
  });
  if (!stored.ok()) {
    DLOG_ERROR("cluster state not changed", {{"error", stored.error()}});
    return std::nullopt;
  }
  events_.Add(on ? core::EventType::kMaintenanceModeSet : core::EventType::kMaintenanceModeRemoved,
              {{"HOSTNAME", options_.node_id}});
  engine_.Signal();
  return *stored;
}

bool ControllerCoreImpl::InMaintenanceWindow() {
  return model_.Read([&](const ModelState& s) {
    return s.InMaintenanceWindow(options_.maintenance_settle_time.count());
  });
}

json ControllerCoreImpl::BlacklistExecutors(const std::vector<std::string>& executor_ids) {
  const MoveOptions moves{options_.default_parallelism, options_.default_op_timeout.count()};
  auto response = model_.Update(
      [&](ModelState& s) { return controller::BlacklistExecutors(s, executor_ids, moves); });
  engine_.Signal();
  return response.ok() ? *response : NoneApplied(executor_ids, response.status());
}

json ControllerCoreImpl::UnblacklistExecutors(const std::vector<std::string>& executor_ids) {
  auto response = model_.Update(
      [&](ModelState& s) { return controller::UnblacklistExecutors(s, executor_ids); });
  engine_.Signal();
  return response.ok() ? *response : NoneApplied(executor_ids, response.status());
}

json ControllerCoreImpl::Endpoints(const std::set<std::string>& app_names, uint64_t* generation) {
  auto [view, gen] = model_.Endpoints();  // shared and immutable: copied here, off the lock
  if (generation != nullptr) *generation = gen;
  if (app_names.empty()) return *view;
  json out = json::array();
  for (const auto& item : *view) {
    if (app_names.contains(StrField(item, "appName"))) out.push_back(item);
  }
  return out;
}

uint64_t ControllerCoreImpl::EndpointsGeneration() { return model_.EndpointsGeneration(); }

void ControllerCoreImpl::OnEndpointsChanged(std::function<void(uint64_t)> listener) {
  model_.OnEndpointsChanged(std::move(listener));
}

json ControllerCoreImpl::EventsSince(int64_t last_sync_time, int size) {
  return events_.Since(last_sync_time, size);
}

json ControllerCoreImpl::EventsSummary(int64_t last_sync_time) {
  return events_.Summary(last_sync_time);
}

// Each message is parsed (and refused) here, before the model lock is taken.
core::Status ControllerCoreImpl::HandleExecutorMessage(const json& message) {
  auto type = core::ParseExecutorMessageType(message);
  if (!type.ok()) return type.status();
  core::Status st;
  if (*type == core::ExecutorMessageType::kExecutorSnapshot) {
    auto snapshot = core::ParseExecutorSnapshotMessage(message);
    if (!snapshot.ok()) return snapshot.status();
    st = model_.Update([&](ModelState& s) { return s.HandleSnapshot(*snapshot); });
  } else if (*type == core::ExecutorMessageType::kInstanceState) {
    auto report = core::ParseInstanceStateMessage(message);
    if (!report.ok()) return report.status();
    const core::InstanceInfo& info = report->instance;
    st = model_.Update(
        [&](ModelState& s) { return s.HandleInstanceReport(info, info.executor_id); });
  } else {
    auto report = core::ParseTaskStateMessage(message);
    if (!report.ok()) return report.status();
    const core::TaskInfo& info = report->task;
    st = model_.Update(
        [&](ModelState& s) { return s.HandleTaskReport(info, info.executor_id); });
  }
  if (st.ok()) engine_.Signal();
  return st;
}

std::optional<ExecutorAddress> ControllerCoreImpl::LocateAppInstance(
    const std::string& app_id, const std::string& instance_id) {
  return model_.Read([&](const ModelState& s) {
    return AddressOfRecord(s, s.FindInstance(app_id, instance_id));
  });
}

std::optional<ExecutorAddress> ControllerCoreImpl::LocateTask(const std::string& source_app,
                                                              const std::string& task_id) {
  return model_.Read([&](const ModelState& s) {
    const TaskRecord* task = s.FindTask(TaskKey(source_app, task_id));
    return AddressOfRecord(s, task == nullptr ? nullptr : &task->info);
  });
}

}  // namespace drove::controller
