// ModelState: loading, reads, staging of store writes, and the mutators for apps, instances and tasks.
#include "orchestrator/controller/model/model_state.h"

#include <algorithm>

#include "orchestrator/controller/model/event_builders.h"
#include "orchestrator/core/util/uuid.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

constexpr size_t kMaxOldInstancesPerApp = 100;

const std::map<std::string, json> kNoInstances;

core::Result<json> ParseJson(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return core::Result<json>::Error("corrupt " + what + " record");
  return j;
}

// The spec's env, which RULE_BASED rules see as `applicationEnvironment`.
std::map<std::string, std::string> SpecEnv(const json& spec) {
  std::map<std::string, std::string> env;
  auto it = spec.find("env");
  if (it == spec.end() || !it->is_object()) return env;
  for (const auto& [key, value] : it->items()) {
    env[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return env;
}

scheduler::PlacementRequest RequestFor(const std::string& app_id, const json& spec) {
  SpecFacts facts = ReadSpecFacts(spec);
  return scheduler::PlacementRequest{app_id,       facts.cores,   facts.memory_mb,
                                     facts.policy, std::nullopt, SpecEnv(spec)};
}

}  // namespace

ModelState::ModelState(store::StateStore* store, EventStore* events, NowFn now)
    : store_(store), events_(events), now_(std::move(now)), scheduler_(&rules_) {}

core::Status ModelState::Load() {
  auto load = [&](const char* kind) { return store_->LoadAll(kind); };
  auto apps = load(store::kApp);
  auto instances = load(store::kInstance);
  auto tasks = load(store::kTask);
  auto ops = load(store::kOperation);
  auto executors = load(store::kExecutor);
  auto cluster = load(store::kCluster);
  for (auto* r : {&apps, &instances, &tasks, &ops, &executors, &cluster}) {
    if (!r->ok()) return r->status();
  }
  const int64_t now = Now();
  for (const auto& [id, text] : *apps) {
    auto j = ParseJson(text, "app " + id);
    auto app = j.ok() ? AppFromJson(*j) : core::Result<AppRecord>(j.status());
    if (!app.ok()) return app.status();
    apps_[app->app_id] = app.value();
  }
  touched_.all = true;
  for (const auto& [key, text] : *instances) {
    auto j = ParseJson(text, "instance " + key);
    if (!j.ok()) return j.status();
    const std::string app_id = StrField(*j, "appId");
    const std::string id = StrField(*j, "instanceId");
    instances_[app_id][id] = j.value();
    if (!core::IsTerminal(InstanceStateOf(*j))) last_reported_[id] = now;
  }
  for (const auto& [stored_key, text] : *tasks) {
    auto j = ParseJson(text, "task " + stored_key);
    if (!j.ok()) return j.status();
    TaskRecord record{j->value("info", json::object()), j->value("spec", json::object())};
    if (!core::IsTerminal(TaskStateOf(record.info))) {
      last_reported_[StrField(record.info, "instanceId")] = now;
    }
    const std::string key =
        TaskKey(StrField(record.info, "sourceAppName"), StrField(record.info, "taskId"));
    tasks_[key] = std::move(record);
  }
  for (const auto& [id, text] : *ops) {
    auto j = ParseJson(text, "operation " + id);
    auto op = j.ok() ? OperationFromJson(*j) : core::Result<OperationRecord>(j.status());
    if (!op.ok()) return op.status();
    operations_[op->app_id] = op.value();
  }
  LoadExecutors(*executors);
  LoadOffDuty(*cluster);
  LoadClusterState(*cluster);
  DLOG_INFO("cluster model loaded",
            {{"apps", std::to_string(apps_.size())},
             {"tasks", std::to_string(tasks_.size())},
             {"operations", std::to_string(operations_.size())},
             {"executors", std::to_string(executors_.size())},
             {"clusterState", std::string(core::ToString(cluster_state_.state))}});
  return core::Status::Ok();
}

core::Status ModelState::Stage(std::vector<store::StoreWrite> writes) {
  if (auto st = store::CheckRecordSizes(writes); !st.ok()) return st;
  for (auto& write : writes) {
    const std::string key = write.kind + "/" + store::RecordKey(write.parent, write.id);
    auto [it, fresh] = staged_index_.emplace(key, staged_.size());
    if (fresh) {
      staged_.push_back(std::move(write));
    } else {
      staged_[it->second] = std::move(write);
    }
  }
  return core::Status::Ok();
}

std::vector<store::StoreWrite> ModelState::TakeStagedWrites() {
  std::vector<store::StoreWrite> out;
  out.swap(staged_);
  staged_index_.clear();
  return out;
}

const AppRecord* ModelState::FindApp(const std::string& app_id) const {
  auto it = apps_.find(app_id);
  return it == apps_.end() ? nullptr : &it->second;
}

const std::map<std::string, json>& ModelState::InstancesOf(const std::string& app_id) const {
  auto it = instances_.find(app_id);
  return it == instances_.end() ? kNoInstances : it->second;
}

const json* ModelState::FindInstance(const std::string& app_id, const std::string& id) const {
  const auto& of_app = InstancesOf(app_id);
  auto it = of_app.find(id);
  return it == of_app.end() ? nullptr : &it->second;
}

const OperationRecord* ModelState::FindOperation(const std::string& app_id) const {
  auto it = operations_.find(app_id);
  return it == operations_.end() ? nullptr : &it->second;
}

const TaskRecord* ModelState::FindTask(const std::string& key) const {
  auto it = tasks_.find(key);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::optional<ExecutorAddress> ModelState::AddressOf(const std::string& executor_id) const {
  auto it = executors_.find(executor_id);
  if (it == executors_.end()) return std::nullopt;
  return ExecutorAddress{executor_id, it->second.hostname, it->second.port,
                         std::string(core::ToString(it->second.state))};
}

int64_t ModelState::LastFailure(const std::string& app_id) const {
  auto it = last_failure_.find(app_id);
  return it == last_failure_.end() ? 0 : it->second;
}

core::Status ModelState::SaveApp(const AppRecord& app, const OperationRecord* op, bool clear_op) {
  std::vector<store::StoreWrite> writes{{store::kApp, "", app.app_id, AppToJson(app).dump()}};
  if (op != nullptr) {
    writes.push_back({store::kOperation, "", app.app_id, OperationToJson(*op).dump()});
  }
  if (op == nullptr && clear_op) writes.push_back({store::kOperation, "", app.app_id, ""});
  if (auto st = Stage(std::move(writes)); !st.ok()) return st;
  const AppRecord* prev = FindApp(app.app_id);
  bool state_changed = prev == nullptr || prev->state != app.state;
  apps_[app.app_id] = app;
  touched_.ids.insert(app.app_id);
  if (op != nullptr) operations_[app.app_id] = *op;
  if (op == nullptr && clear_op) operations_.erase(app.app_id);
  if (state_changed) {
    DLOG_INFO("app state", {{"appId", app.app_id}, {"state", core::ToString(app.state)}});
    events_->Add(core::EventType::kAppStateChange, AppEventMetadata(app));
  }
  return core::Status::Ok();
}

core::Status ModelState::DestroyApp(const std::string& app_id) {
  const AppRecord* app = FindApp(app_id);
  if (app == nullptr) return core::Status::Error("No state found for app: " + app_id);
  std::vector<store::StoreWrite> writes{{store::kApp, "", app_id, ""},
                                        {store::kOperation, "", app_id, ""}};
  for (const auto& [id, info] : InstancesOf(app_id)) {
    writes.push_back({store::kInstance, app_id, id, ""});
  }
  if (auto st = Stage(std::move(writes)); !st.ok()) return st;
  AppRecord gone = *app;
  gone.state = core::ApplicationState::kDestroyed;
  gone.updated = Now();
  for (const auto& [id, info] : InstancesOf(app_id)) {
    Release(id);
    last_reported_.erase(id);
  }
  instances_.erase(app_id);
  operations_.erase(app_id);
  apps_.erase(app_id);
  touched_.ids.insert(app_id);
  last_failure_.erase(app_id);
  DLOG_INFO("app destroyed", {{"appId", app_id}});
  events_->Add(core::EventType::kAppStateChange, AppEventMetadata(gone));
  return core::Status::Ok();
}

std::string ModelState::CheckCapacity(const std::string& app_id, const json& spec, int64_t count,
                                      const std::vector<std::string>& freed) {
  if (count <= 0) return "";
  if (executors_.empty()) return "No executors on cluster";
  // What-if: lift the freed instances' allocations, try, and put them back (all under the
  // model lock, so nothing else can take those cores meanwhile).
  std::vector<scheduler::Allocation> lifted;
  for (const auto& id : freed) {
    auto it = reserved_.find(id);
    if (it != reserved_.end() && scheduler_.Release(it->second).ok()) lifted.push_back(it->second);
  }
  scheduler::CapacityCheck check = scheduler_.CanPlace(RequestFor(app_id, spec),
                                                       static_cast<int>(count));
  for (const auto& alloc : lifted) {
    if (auto st = scheduler_.Reserve(alloc); !st.ok()) {
      DLOG_ERROR("cannot restore allocation after capacity check", {{"appId", app_id},
                                                                    {"error", st.message()}});
    }
  }
  if (check.ok()) return "";
  return "Cluster does not have enough resources for " + std::to_string(count) +
         " more instances of " + app_id + ": " + check.explanation;
}

core::Result<Placed> ModelState::PlaceInstance(const std::string& app_id) {
  const AppRecord* app = FindApp(app_id);
  if (app == nullptr) return core::Result<Placed>::Error("No state found for app: " + app_id);
  scheduler::Decision decision = scheduler_.Place(RequestFor(app_id, app->spec));
  if (!decision.placed()) return core::Result<Placed>::Error(decision.Explain());
  const scheduler::Allocation& alloc = *decision.allocation;
  Placed placed{json::object(), *AddressOf(alloc.executor_id)};
  const int64_t now = Now();
  std::string id = "AI-" + core::UuidV4();
  placed.info = json{{"appId", app_id},
                     {"appName", StrField(app->spec, "name")},
                     {"instanceId", id},
                     {"executorId", alloc.executor_id},
                     {"localInfo", {{"hostname", placed.executor.host}, {"ports", json::object()}}},
                     {"resources", scheduler::AllocationToResources(alloc)},
                     {"state", "PENDING"},
                     {"metadata", json::object()},
                     {"errorMessage", ""},
                     {"created", now},
                     {"updated", now}};
  reserved_[id] = alloc;
  if (auto st = CommitInstance(placed.info); !st.ok()) {
    Release(id);
    return st;
  }
  return placed;
}

core::Status ModelState::MarkInstance(const std::string& app_id, const std::string& instance_id,
                                      core::InstanceState state, const std::string& error) {
  const json* existing = FindInstance(app_id, instance_id);
  if (existing == nullptr) return core::Status::Error("no instance " + app_id + "/" + instance_id);
  json info = *existing;
  info["state"] = core::ToString(state);
  info["errorMessage"] = error;
  info["updated"] = Now();
  return CommitInstance(std::move(info));
}

core::Status ModelState::CommitInstance(json info) {
  NormaliseInstanceInfo(&info);
  const std::string app_id = StrField(info, "appId");
  const std::string id = StrField(info, "instanceId");
  if (auto st = Stage({{store::kInstance, app_id, id, info.dump()}}); !st.ok()) return st;
  const json* prev = FindInstance(app_id, id);
  const core::InstanceState state = InstanceStateOf(info);
  bool changed = prev == nullptr || InstanceStateOf(*prev) != state;
  instances_[app_id][id] = info;
  touched_.ids.insert(app_id);
  if (changed) {
    DLOG_INFO("instance state", {{"appId", app_id}, {"instanceId", id},
                                 {"state", core::ToString(state)},
                                 {"error", StrField(info, "errorMessage")}});
    events_->Add(core::EventType::kInstanceStateChange, InstanceEventMetadata(info));
  }
  if (core::IsError(state) || state == core::InstanceState::kLost) last_failure_[app_id] = Now();
  if (core::IsTerminal(state)) {
    Release(id);
    last_reported_.erase(id);
    PruneOld(app_id);
  }
  return core::Status::Ok();
}

core::Result<Placed> ModelState::PlaceTask(const json& spec) {
  const std::string source_app = StrField(spec, "sourceAppName");
  const std::string task_id = StrField(spec, "taskId");
  scheduler::Decision decision = scheduler_.Place(RequestFor(source_app + "-" + task_id, spec));
  if (!decision.placed()) return core::Result<Placed>::Error(decision.Explain());
  const scheduler::Allocation& alloc = *decision.allocation;
  Placed placed{json::object(), *AddressOf(alloc.executor_id)};
  const int64_t now = Now();
  std::string id = "TI-" + core::UuidV4();
  json info{{"sourceAppName", source_app},
            {"taskId", task_id},
            {"instanceId", id},
            {"executorId", alloc.executor_id},
            {"hostname", placed.executor.host},
            {"executable", spec.value("executable", json::object())},
            {"resources", scheduler::AllocationToResources(alloc)},
            {"volumes", spec.contains("volumes") && spec["volumes"].is_array() ? spec["volumes"]
                                                                              : json::array()},
            {"state", "PENDING"},
            {"metadata", json::object()},
            {"errorMessage", ""},
            {"created", now},
            {"updated", now}};
  if (spec.contains("logging") && !spec["logging"].is_null()) info["loggingSpec"] = spec["logging"];
  if (spec.contains("env") && spec["env"].is_object()) info["env"] = spec["env"];
  reserved_[id] = alloc;
  if (auto st = CommitTask(TaskRecord{info, spec}); !st.ok()) {
    Release(id);
    return st;
  }
  placed.info = std::move(info);
  return placed;
}

core::Status ModelState::MarkTaskLost(const std::string& key, const std::string& error) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr) return core::Status::Error("no task " + key);
  TaskRecord record = *existing;
  record.info["state"] = "LOST";
  record.info["errorMessage"] = error;
  record.info["taskResult"] = json{{"status", "LOST"}, {"exitCode", -1}};
  record.info["updated"] = Now();
  return CommitTask(std::move(record));
}

core::Status ModelState::MarkTaskUnstarted(const std::string& key, const std::string& error) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr) return core::Status::Error("no task " + key);
  TaskRecord record = *existing;
  record.info["state"] = "STOPPED";
  record.info["errorMessage"] = error;
  record.info["taskResult"] = json{{"status", "FAILED"}, {"exitCode", -1}};
  record.info["updated"] = Now();
  return CommitTask(std::move(record));
}

core::Status ModelState::DeleteTask(const std::string& key) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr || core::IsActive(TaskStateOf(existing->info))) {
    return core::Status::Error("task " + key + " is unknown or still active");
  }
  if (auto st = Stage({{store::kTask, StrField(existing->info, "sourceAppName"),
                        StrField(existing->info, "instanceId"), ""}});
      !st.ok()) {
    return st;
  }
  Release(StrField(existing->info, "instanceId"));
  tasks_.erase(key);
  return core::Status::Ok();
}

core::Status ModelState::CommitTask(TaskRecord record) {
  NormaliseTaskInfo(&record.info);
  const std::string key =
      TaskKey(StrField(record.info, "sourceAppName"), StrField(record.info, "taskId"));
  const std::string id = StrField(record.info, "instanceId");
  json stored{{"info", record.info}, {"spec", record.spec}};
  if (auto st = Stage({{store::kTask, StrField(record.info, "sourceAppName"), id, stored.dump()}});
      !st.ok()) {
    return st;
  }
  const TaskRecord* prev = FindTask(key);
  const core::TaskState state = TaskStateOf(record.info);
  bool changed = prev == nullptr || TaskStateOf(prev->info) != state;
  if (changed) {
    DLOG_INFO("task state", {{"task", key}, {"instanceId", id}, {"state", core::ToString(state)}});
    events_->Add(core::EventType::kTaskStateChange, TaskEventMetadata(record.info));
  }
  tasks_[key] = std::move(record);
  if (core::IsTerminal(state)) {
    Release(id);
    last_reported_.erase(id);
  }
  return core::Status::Ok();
}

void ModelState::ReserveFor(const std::string& id, const json& info, const std::string& app_id) {
  if (reserved_.contains(id)) return;
  auto alloc = scheduler::AllocationFromResources(info.value("resources", json::array()),
                                                  StrField(info, "executorId"), app_id);
  if (!alloc.ok()) {
    DLOG_WARN("cannot read allocation", {{"instanceId", id}, {"error", alloc.error()}});
    return;
  }
  if (auto st = scheduler_.Reserve(*alloc); !st.ok()) {
    DLOG_WARN("cannot reserve allocation", {{"instanceId", id}, {"error", st.message()}});
    return;
  }
  reserved_[id] = alloc.value();
}

void ModelState::Release(const std::string& id) {
  auto it = reserved_.find(id);
  if (it == reserved_.end()) return;
  if (auto st = scheduler_.Release(it->second); !st.ok()) {
    DLOG_WARN("cannot release allocation", {{"instanceId", id}, {"error", st.message()}});
  }
  reserved_.erase(it);
}

// Keeps the newest old instances of an app; the rest leave memory and the store.
void ModelState::PruneOld(const std::string& app_id) {
  auto& of_app = instances_[app_id];
  std::vector<std::pair<int64_t, std::string>> old;
  for (const auto& [id, info] : of_app) {
    if (core::IsTerminal(InstanceStateOf(info))) old.emplace_back(IntField(info, "updated"), id);
  }
  if (old.size() <= kMaxOldInstancesPerApp) return;
  std::sort(old.begin(), old.end());
  std::vector<store::StoreWrite> deletes;
  for (size_t i = 0; i + kMaxOldInstancesPerApp < old.size(); ++i) {
    deletes.push_back({store::kInstance, app_id, old[i].second, ""});
    of_app.erase(old[i].second);
  }
  // Deletes are never over the size limit: staging them cannot fail.
  (void)Stage(std::move(deletes));
}

std::vector<OrphanStop> ModelState::TakeOrphans() {
  std::vector<OrphanStop> out;
  out.swap(orphans_);
  return out;
}

TouchedApps ModelState::TakeTouchedApps() {
  TouchedApps touched = std::move(touched_);
  touched_ = TouchedApps{};
  return touched;
}

}  // namespace drove::controller
