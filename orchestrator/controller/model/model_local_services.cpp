// ModelState: local services, their instances (kept as InstanceInfo, "SI-" ids) and the share of
// every executor held back for them.
#include <algorithm>

#include "orchestrator/controller/model/event_builders.h"
#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/model/local_service_states.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

const InstanceMap kNoServiceInstances;

// Cores and memory one instance of the service needs.
SpecFacts FactsOf(const LocalServiceRecord& service) { return ReadSpecFacts(json(service.info.spec)); }

}  // namespace

core::Status ModelState::LoadServices(const std::map<std::string, std::string>& services,
                                      const std::map<std::string, std::string>& instances) {
  for (const auto& [id, text] : services) {
    json j = json::parse(text, nullptr, false);
    auto record = j.is_discarded() ? core::Result<LocalServiceRecord>::Error("not JSON")
                                   : LocalServiceFromJson(j);
    if (!record.ok()) return core::Status::Error("local service " + id + ": " + record.error());
    services_[id] = std::move(record).value();
  }
  const int64_t now = Now();
  for (const auto& [key, text] : instances) {
    json j = json::parse(text, nullptr, false);
    core::LocalServiceInstanceInfo info;
    try {
      if (j.is_discarded()) throw std::runtime_error("not JSON");
      info = j.get<core::LocalServiceInstanceInfo>();
    } catch (const std::exception& e) {
      return core::Status::Error("local service instance " + key + ": " + e.what());
    }
    if (!core::IsTerminal(info.state)) last_reported_[info.instance_id] = now;
    service_instances_[info.service_id][info.instance_id] = FromServiceInstance(info);
  }
  return core::Status::Ok();
}

const LocalServiceRecord* ModelState::FindService(const std::string& service_id) const {
  auto it = services_.find(service_id);
  return it == services_.end() ? nullptr : &it->second;
}

const InstanceMap& ModelState::ServiceInstancesOf(const std::string& service_id) const {
  auto it = service_instances_.find(service_id);
  return it == service_instances_.end() ? kNoServiceInstances : it->second;
}

core::Status ModelState::SaveService(const LocalServiceRecord& service) {
  const std::string& id = service.info.service_id;
  if (auto st = Stage({{store::kLocalService, "", id, LocalServiceToJson(service).dump()}});
      !st.ok()) {
    return st;
  }
  const LocalServiceRecord* prev = FindService(id);
  const bool changed = prev == nullptr || prev->state != service.state;
  services_[id] = service;
  if (changed) {
    DLOG_INFO("local service state", {{"serviceId", id},
                                      {"state", core::ToString(service.state)},
                                      {"activationState",
                                       core::ToString(service.info.activation_state)}});
    events_->Add(core::EventType::kLocalServiceStateChange, LocalServiceEventMetadata(service));
  }
  RefreshHeldShares();
  return core::Status::Ok();
}

core::Status ModelState::DestroyService(const std::string& service_id) {
  const LocalServiceRecord* service = FindService(service_id);
  if (service == nullptr) return core::Status::Error("No such local service: " + service_id);
  std::vector<store::StoreWrite> writes{{store::kLocalService, "", service_id, ""}};
  for (const auto& [id, info] : ServiceInstancesOf(service_id)) {
    writes.push_back({store::kServiceInstance, service_id, id, ""});
  }
  if (auto st = Stage(std::move(writes)); !st.ok()) return st;
  LocalServiceRecord gone = *service;
  gone.state = core::LocalServiceState::kDestroyed;
  gone.info.updated = Now();
  for (const auto& [id, info] : ServiceInstancesOf(service_id)) {
    Release(id);
    last_reported_.erase(id);
  }
  service_instances_.erase(service_id);
  services_.erase(service_id);
  last_failure_.erase(service_id);
  DLOG_INFO("local service destroyed", {{"serviceId", service_id}});
  events_->Add(core::EventType::kLocalServiceStateChange, LocalServiceEventMetadata(gone));
  RefreshHeldShares();
  return core::Status::Ok();
}

core::Result<core::InstanceInfo> ModelState::PlaceServiceInstance(const std::string& service_id,
                                                                  const std::string& executor_id) {
  const LocalServiceRecord* service = FindService(service_id);
  if (service == nullptr) return core::Status::Error("No such local service: " + service_id);
  const SpecFacts facts = FactsOf(*service);
  scheduler::PlacementRequest request{ServiceSchedulerKey(service_id), facts.cores,
                                      facts.memory_mb, facts.policy, executor_id, {}};
  auto placed = PlaceAndStore(request, service_id, service->info.spec.name, kServiceInstancePrefix);
  if (placed.ok()) RefreshHeldShares();
  return placed;
}

std::vector<std::string> ModelState::ServiceExecutors(const std::string& service_id) const {
  std::vector<std::string> out;
  const LocalServiceRecord* service = FindService(service_id);
  if (service == nullptr) return out;
  const core::PlacementPolicy policy = scheduler::EffectivePolicy(FactsOf(*service).policy);
  const std::string key = ServiceSchedulerKey(service_id);
  const scheduler::RuleScope scope{&scheduler_.view(), nullptr};
  for (const auto& [id, view] : scheduler_.view().executors()) {
    if (!view.Schedulable()) continue;
    if (!scheduler::CheckPolicy(policy, view, key, &rules_, scope)) out.push_back(id);
  }
  return out;
}

std::optional<json> ModelState::StartSpecOf(const std::string& owner_id,
                                            const std::string& instance_id) const {
  if (IsServiceInstanceId(instance_id)) {
    const LocalServiceRecord* service = FindService(owner_id);
    if (service == nullptr) return std::nullopt;
    return json(service->info.spec);
  }
  const AppRecord* app = FindApp(owner_id);
  if (app == nullptr) return std::nullopt;
  return app->spec;
}

void ModelState::RefreshHeldShares() {
  // Per executor: what the resource-using services want there, less what their live instances
  // there already hold (allocated cores are no longer free, so they must not be held twice).
  int64_t want_cores = 0;
  int64_t want_memory = 0;
  std::map<std::string, std::pair<int64_t, int64_t>> holding;  // executorId -> cores, MB
  for (const auto& [service_id, service] : services_) {
    if (!core::IsResourceUsing(core::SettledState(service.info.activation_state))) continue;
    const SpecFacts facts = FactsOf(service);
    want_cores += facts.cores * service.info.instances_per_host;
    want_memory += facts.memory_mb * service.info.instances_per_host;
    for (const auto& [id, info] : ServiceInstancesOf(service_id)) {
      auto alloc = reserved_.find(id);
      if (alloc == reserved_.end()) continue;
      holding[info.executor_id].first += static_cast<int64_t>(alloc->second.cores.size());
      holding[info.executor_id].second += alloc->second.memory_mb;
    }
  }
  for (const auto& [executor_id, executor] : executors_) {
    const auto& [cores, memory] = holding[executor_id];
    scheduler_.SetHeld(executor_id, std::max<int64_t>(want_cores - cores, 0),
                       std::max<int64_t>(want_memory - memory, 0));
  }
}

json ModelState::ReservedResources() const {
  int64_t cpus = 0;
  int64_t memory = 0;
  json required = json::object();
  for (const auto& [id, service] : services_) {
    if (!core::IsResourceUsing(core::SettledState(service.info.activation_state))) continue;
    const SpecFacts facts = FactsOf(service);
    cpus += facts.cores * service.info.instances_per_host;
    memory += facts.memory_mb * service.info.instances_per_host;
    required[id] = service.info.instances_per_host;
  }
  return json{{"cpus", cpus}, {"memory", memory}, {"requiredInstances", required}};
}

}  // namespace drove::controller
