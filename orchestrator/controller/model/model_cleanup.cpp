// ModelState::CleanStale: Drove's stale data cleaner (StaleDataCleaner) over the in-memory model.
#include <algorithm>

#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {

std::vector<std::string> ModelState::CleanStale(const StaleAges& ages) {
  const int64_t now = Now();
  CleanStaleTasks(now - ages.task_ms);
  std::vector<std::string> idle_apps;
  for (const auto& [app_id, app] : apps_) {
    // An app nobody has scaled up for staleAppAge is destroyed; its records go with it.
    if (app.state == core::ApplicationState::kMonitoring && app.updated < now - ages.app_ms &&
        FindOperation(app_id) == nullptr) {
      idle_apps.push_back(app_id);
      continue;
    }
    CleanOldInstances(instances_, store::kInstance, app_id, now - ages.instance_ms,
                      ages.max_old_instances);
  }
  CleanStaleServices(ages);
  return idle_apps;
}

void ModelState::CleanStaleServices(const StaleAges& ages) {
  const int64_t now = Now();
  std::vector<std::string> idle;
  for (const auto& [service_id, service] : services_) {
    // A service left INACTIVE for staleServiceAge goes, with its records (nothing runs).
    if (service.state == core::LocalServiceState::kInactive && !service.op &&
        service.info.updated < now - ages.service_ms) {
      idle.push_back(service_id);
      continue;
    }
    CleanOldInstances(service_instances_, store::kServiceInstance, service_id,
                      now - ages.instance_ms, ages.max_old_instances);
  }
  for (const auto& service_id : idle) {
    DLOG_INFO("stale local service destroyed", {{"serviceId", service_id}});
    (void)DestroyService(service_id);  // deletes only: never over the size limit
  }
}

void ModelState::CleanStaleTasks(int64_t updated_before) {
  std::vector<std::string> stale;
  for (const auto& [key, task] : tasks_) {
    if (core::IsTerminal(task.info.state) && task.info.updated < updated_before) stale.push_back(key);
  }
  for (const auto& key : stale) {
    DLOG_INFO("stale task deleted", {{"task", key}});
    (void)DeleteTask(key);  // finished tasks only: never refused
  }
}

// Keeps an app's (or service's) newest `keep` old (terminal) instance records that were updated
// since `updated_before`; the rest leave memory and the store.
void ModelState::CleanOldInstances(std::map<std::string, InstanceMap>& table, const char* kind,
                                   const std::string& app_id, int64_t updated_before,
                                   size_t keep) {
  auto it = table.find(app_id);
  if (it == table.end()) return;
  std::vector<std::pair<int64_t, std::string>> old;  // (updated, id), newest first below
  for (const auto& [id, info] : it->second) {
    if (core::IsTerminal(info.state)) old.emplace_back(info.updated, id);
  }
  std::sort(old.rbegin(), old.rend());
  std::vector<store::StoreWrite> deletes;
  for (size_t i = 0; i < old.size(); ++i) {
    if (i < keep && old[i].first >= updated_before) continue;
    deletes.push_back({kind, app_id, old[i].second, ""});
    it->second.erase(old[i].second);
  }
  if (deletes.empty()) return;
  DLOG_INFO("stale instance records deleted",
            {{"appId", app_id}, {"count", std::to_string(deletes.size())}});
  (void)Stage(std::move(deletes));  // deletes are never over the size limit
}

}  // namespace drove::controller
