// ModelState: loading, reads, staging of store writes, and the mutators for apps, instances and tasks.
#include "orchestrator/controller/model/model_state.h"

#include <algorithm>
#include <set>

#include "orchestrator/controller/model/event_builders.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/core/util/uuid.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

const InstanceMap kNoInstances;

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

// Drove's ResourceAllocation[] of an allocation: its cores, then its memory, on its one node.
std::vector<core::ResourceAllocation> ResourcesOf(const scheduler::Allocation& alloc) {
  std::set<int32_t> cores(alloc.cores.begin(), alloc.cores.end());
  return {core::ResourceAllocation::Cpu({{alloc.node_id, std::move(cores)}}),
          core::ResourceAllocation::Memory({{alloc.node_id, alloc.memory_mb}})};
}

// The TaskInfo of a new task: what the executor needs from its spec, in Drove's TaskInfo shape.
core::TaskInfo TaskInfoOf(const core::TaskSpec& spec) {
  core::TaskInfo info;
  info.source_app_name = spec.source_app_name;
  info.task_id = spec.task_id;
  info.executable = spec.executable.value_or(core::Executable{});
  info.volumes = spec.volumes.value_or(std::vector<core::MountedVolume>{});
  info.logging_spec = spec.logging;
  info.env = spec.env;
  return info;
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
  auto services = load(store::kLocalService);
  auto service_instances = load(store::kServiceInstance);
  for (auto* r : {&apps, &instances, &tasks, &ops, &executors, &cluster, &services,
                  &service_instances}) {
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
    auto info = InstanceFromJson(*j);
    if (!info.ok()) return core::Status::Error("instance " + key + ": " + info.error());
    const std::string id = info->instance_id;
    if (!core::IsTerminal(info->state)) last_reported_[id] = now;
    instances_[info->app_id][id] = std::move(info).value();
  }
  for (const auto& [stored_key, text] : *tasks) {
    auto j = ParseJson(text, "task " + stored_key);
    if (!j.ok()) return j.status();
    auto record = TaskFromJson(*j);
    if (!record.ok()) return core::Status::Error("task " + stored_key + ": " + record.error());
    if (!core::IsTerminal(record->info.state)) last_reported_[record->info.instance_id] = now;
    const std::string key = TaskKey(record->info);
    tasks_[key] = std::move(record).value();
  }
  for (const auto& [id, text] : *ops) {
    auto j = ParseJson(text, "operation " + id);
    auto op = j.ok() ? OperationFromJson(*j) : core::Result<OperationRecord>(j.status());
    if (!op.ok()) return op.status();
    operations_[op->app_id] = op.value();
  }
  if (auto st = LoadServices(*services, *service_instances); !st.ok()) return st;
  LoadExecutors(*executors);
  LoadOffDuty(*cluster);
  LoadClusterState(*cluster);
  RefreshHeldShares();
  DLOG_INFO("cluster model loaded",
            {{"apps", std::to_string(apps_.size())},
             {"localServices", std::to_string(services_.size())},
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

const InstanceMap& ModelState::InstancesOf(const std::string& app_id) const {
  auto it = instances_.find(app_id);
  return it == instances_.end() ? kNoInstances : it->second;
}

const core::InstanceInfo* ModelState::FindInstance(const std::string& app_id,
                                                   const std::string& id) const {
  const auto& of_app = IsServiceInstanceId(id) ? ServiceInstancesOf(app_id) : InstancesOf(app_id);
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
                         std::string(core::ToString(it->second.state)),
                         it->second.transport_type == "HTTPS"};
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
  std::string reserved;
  if (const json share = ReservedResources(); share["cpus"] > 0 || share["memory"] > 0) {
    // Whether held back or already taken by their instances, name the local services' share.
    reserved = " (local services reserve " + share["cpus"].dump() + " cores and " +
               share["memory"].dump() + " MB on every executor)";
  }
  return "Cluster does not have enough resources for " + std::to_string(count) +
         " more instances of " + app_id + ": " + check.explanation + reserved;
}

core::Result<core::InstanceInfo> ModelState::PlaceInstance(const std::string& app_id) {
  const AppRecord* app = FindApp(app_id);
  if (app == nullptr) return core::Status::Error("No state found for app: " + app_id);
  return PlaceAndStore(RequestFor(app_id, app->spec), app_id, StrField(app->spec, "name"), "AI-");
}

core::Result<core::InstanceInfo> ModelState::PlaceAndStore(
    const scheduler::PlacementRequest& request, const std::string& owner_id,
    const std::string& owner_name, std::string_view id_prefix) {
  scheduler::Decision decision = scheduler_.Place(request);
  if (!decision.placed()) return core::Status::Error(decision.Explain());
  const scheduler::Allocation& alloc = *decision.allocation;
  core::InstanceInfo info;
  info.app_id = owner_id;
  info.app_name = owner_name;
  info.instance_id = std::string(id_prefix) + core::UuidV4();
  info.executor_id = alloc.executor_id;
  info.local_info = core::LocalInfo{AddressOf(alloc.executor_id)->host, {}};
  info.resources = ResourcesOf(alloc);
  info.state = core::InstanceState::kPending;
  info.created = info.updated = Now();
  reserved_[info.instance_id] = alloc;
  if (auto st = CommitInstance(info); !st.ok()) {
    Release(info.instance_id);
    return st;
  }
  return info;
}

core::Status ModelState::MarkInstance(const std::string& app_id, const std::string& instance_id,
                                      core::InstanceState state, const std::string& error) {
  const core::InstanceInfo* existing = FindInstance(app_id, instance_id);
  if (existing == nullptr) return core::Status::Error("no instance " + app_id + "/" + instance_id);
  core::InstanceInfo info = *existing;
  info.state = state;
  info.error_message = error;
  info.updated = Now();
  return CommitInstance(std::move(info));
}

core::Status ModelState::CommitInstance(core::InstanceInfo info) {
  const std::string app_id = info.app_id;
  const std::string id = info.instance_id;
  const core::InstanceState state = info.state;
  const bool of_service = IsServiceInstanceId(id);
  const json stored = of_service ? json(ToServiceInstance(info)) : json(info);
  const char* kind = of_service ? store::kServiceInstance : store::kInstance;
  if (auto st = Stage({{kind, app_id, id, stored.dump()}}); !st.ok()) return st;
  const core::InstanceInfo* prev = FindInstance(app_id, id);
  bool changed = prev == nullptr || prev->state != state;
  if (changed) {
    DLOG_INFO("instance state", {{of_service ? "serviceId" : "appId", app_id},
                                 {"instanceId", id},
                                 {"state", core::ToString(state)},
                                 {"error", info.error_message}});
    if (of_service) {
      events_->Add(core::EventType::kLocalServiceInstanceStateChange,
                   ServiceInstanceEventMetadata(info));
    } else {
      events_->Add(core::EventType::kInstanceStateChange, InstanceEventMetadata(info));
    }
  }
  if (of_service) {
    service_instances_[app_id][id] = std::move(info);
  } else {
    instances_[app_id][id] = std::move(info);
    touched_.ids.insert(app_id);  // local services are not in the endpoints view
  }
  if (core::IsError(state) || state == core::InstanceState::kLost) last_failure_[app_id] = Now();
  if (core::IsTerminal(state)) {
    Release(id);
    last_reported_.erase(id);
    if (of_service) RefreshHeldShares();  // the service's share is held back again
  }
  return core::Status::Ok();
}

core::Result<core::TaskInfo> ModelState::PlaceTask(const json& spec) {
  auto typed = core::ParseTaskSpec(spec);
  if (!typed.ok()) return typed.status();
  core::TaskInfo info = TaskInfoOf(*typed);
  const std::string app_id = core::TaskInternalId(*typed);
  scheduler::Decision decision = scheduler_.Place(RequestFor(app_id, spec));
  if (!decision.placed()) return core::Status::Error(decision.Explain());
  const scheduler::Allocation& alloc = *decision.allocation;
  info.instance_id = "TI-" + core::UuidV4();
  info.executor_id = alloc.executor_id;
  info.hostname = AddressOf(alloc.executor_id)->host;
  info.resources = ResourcesOf(alloc);
  info.state = core::TaskState::kPending;
  info.created = info.updated = Now();
  reserved_[info.instance_id] = alloc;
  if (auto st = CommitTask(TaskRecord{info, spec}); !st.ok()) {
    Release(info.instance_id);
    return st;
  }
  return info;
}

core::Status ModelState::MarkTaskLost(const std::string& key, const std::string& error) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr) return core::Status::Error("no task " + key);
  TaskRecord record = *existing;
  record.info.state = core::TaskState::kLost;
  record.info.error_message = error;
  record.info.task_result = core::TaskResult{core::TaskResultStatus::kLost, -1};
  record.info.updated = Now();
  return CommitTask(std::move(record));
}

core::Status ModelState::MarkTaskUnstarted(const std::string& key, const std::string& error) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr) return core::Status::Error("no task " + key);
  TaskRecord record = *existing;
  record.info.state = core::TaskState::kStopped;
  record.info.error_message = error;
  record.info.task_result = core::TaskResult{core::TaskResultStatus::kFailed, -1};
  record.info.updated = Now();
  return CommitTask(std::move(record));
}

core::Status ModelState::DeleteTask(const std::string& key) {
  const TaskRecord* existing = FindTask(key);
  if (existing == nullptr || core::IsActive(existing->info.state)) {
    return core::Status::Error("task " + key + " is unknown or still active");
  }
  const std::string id = existing->info.instance_id;
  if (auto st = Stage({{store::kTask, existing->info.source_app_name, id, ""}}); !st.ok()) {
    return st;
  }
  Release(id);
  tasks_.erase(key);
  return core::Status::Ok();
}

core::Status ModelState::CommitTask(TaskRecord record) {
  const std::string key = TaskKey(record.info);
  const std::string id = record.info.instance_id;
  const core::TaskState state = record.info.state;
  if (auto st = Stage({{store::kTask, record.info.source_app_name, id, TaskToJson(record).dump()}});
      !st.ok()) {
    return st;
  }
  const TaskRecord* prev = FindTask(key);
  bool changed = prev == nullptr || prev->info.state != state;
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

void ModelState::ReserveFor(const std::string& id,
                            const std::vector<core::ResourceAllocation>& resources,
                            const std::string& executor_id, const std::string& app_id) {
  if (reserved_.contains(id)) return;
  // The scheduler reads allocations in their wire form (it checks one node, CPU and MEMORY).
  auto alloc = scheduler::AllocationFromResources(json(resources), executor_id, app_id);
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
