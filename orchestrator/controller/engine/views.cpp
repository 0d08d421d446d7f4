// LocalServiceSummary, ExecutorSummary, ExecutorNodeData and ClusterSummary from the model and scheduler view.
#include "orchestrator/controller/engine/views.h"

#include "orchestrator/controller/engine/controller_metrics.h"

#include "orchestrator/core/model/local_service_states.h"

namespace drove::controller {
namespace {

using nlohmann::json;

struct Usage {
  int64_t free_cores = 0, used_cores = 0, free_mb = 0, used_mb = 0;
};

Usage UsageOf(const scheduler::ExecutorView* view) {
  Usage u;
  if (view == nullptr) return u;
  u.free_cores = view->FreeCores();
  u.used_cores = view->UsedCores();
  u.free_mb = view->FreeMemoryMb();
  u.used_mb = view->UsedMemoryMb();
  return u;
}

// Active instances of each owner (app or local service) by state.
void CountActive(const std::map<std::string, InstanceMap>& table,
                 std::map<std::pair<std::string, std::string>, int64_t>* out) {
  for (const auto& [owner_id, instances] : table) {
    for (const auto& [id, info] : instances) {
      if (!core::IsActive(info.state)) continue;
      ++(*out)[{owner_id, std::string(core::ToString(info.state))}];
    }
  }
}

}  // namespace

json LocalServiceSummaryJson(const ModelState& s, const LocalServiceRecord& service) {
  std::vector<core::LocalServiceInstanceInfo> instances;
  for (const auto& [id, info] : s.ServiceInstancesOf(service.info.service_id)) {
    instances.push_back(ToServiceInstance(info));
  }
  return core::SummarizeLocalService(service.info, service.state, instances);
}

json ExecutorSummaryJson(const ModelState& s, const ExecutorRecord& executor) {
  Usage u = UsageOf(s.scheduler().view().Find(executor.executor_id));
  return json{{"executorId", executor.executor_id},
              {"hostname", executor.hostname},
              {"port", executor.port},
              {"transportType", executor.transport_type},
              {"freeCores", u.free_cores},
              {"usedCores", u.used_cores},
              {"freeMemory", u.free_mb},
              {"usedMemory", u.used_mb},
              {"tags", executor.tags},
              {"state", core::ToString(executor.state)}};
}

json ExecutorNodeDataJson(const ModelState& s, const ExecutorRecord& executor) {
  json free_cores = json::object(), used_cores = json::object();
  json free_mem = json::object(), used_mem = json::object();
  if (const auto* view = s.scheduler().view().Find(executor.executor_id)) {
    for (const auto& [node, n] : view->nodes) {
      std::string key = std::to_string(node);
      free_cores[key] = n.free_cores;
      used_cores[key] = n.used_cores;
      free_mem[key] = n.free_mb;
      used_mem[key] = n.used_mb;
    }
  }
  json instances = json::array(), tasks = json::array();
  for (const auto& [app_id, of_app] : s.instances()) {
    for (const auto& [id, info] : of_app) {
      if (info.executor_id == executor.executor_id && core::IsActive(info.state)) {
        instances.push_back(info);
      }
    }
  }
  for (const auto& [key, task] : s.tasks()) {
    if (task.info.executor_id == executor.executor_id && core::IsActive(task.info.state)) {
      tasks.push_back(task.info);
    }
  }
  json service_instances = json::array();
  for (const auto& [service_id, of_service] : s.service_instances()) {
    for (const auto& [id, info] : of_service) {
      if (info.executor_id == executor.executor_id && core::IsActive(info.state)) {
        service_instances.push_back(ToServiceInstance(info));
      }
    }
  }
  json state{{"executorId", executor.executor_id},
             {"cpus", {{"type", "CPU"}, {"freeCores", free_cores}, {"usedCores", used_cores}}},
             {"memory", {{"type", "MEMORY"}, {"freeMemory", free_mem}, {"usedMemory", used_mem}}},
             {"layout", executor.layout}};
  return json{{"type", "EXECUTOR"},
              {"hostname", executor.hostname},
              {"port", executor.port},
              {"transportType", executor.transport_type},
              {"updated", executor.updated},
              {"state", std::move(state)},
              {"instances", std::move(instances)},
              {"tasks", std::move(tasks)},
              {"serviceInstances", std::move(service_instances)},
              {"tags", executor.tags},
              {"metadata", executor.metadata},
              {"executorState", core::ToString(executor.state)}};
}

// Blacklisted executors are off duty: Drove leaves them out of the count and the totals.
json ClusterSummaryJson(const ModelState& s, const std::string& leader) {
  Usage total;
  int64_t executors = 0;
  for (const auto& [id, executor] : s.executors()) {
    if (core::IsBlacklisted(executor.state)) continue;
    ++executors;
    Usage u = UsageOf(s.scheduler().view().Find(id));
    total.free_cores += u.free_cores;
    total.used_cores += u.used_cores;
    total.free_mb += u.free_mb;
    total.used_mb += u.used_mb;
  }
  int64_t active_apps = 0, active_tasks = 0;
  for (const auto& [id, app] : s.apps()) active_apps += core::IsActive(app.state);
  for (const auto& [key, task] : s.tasks()) active_tasks += core::IsActive(task.info.state);
  int64_t active_services = 0;
  for (const auto& [id, service] : s.services()) {
    active_services += core::IsResourceUsing(core::SettledState(service.info.activation_state));
  }
  json out{{"state", core::ToString(s.cluster_state().state)},
           {"numExecutors", executors},
           {"numApplications", s.apps().size()},
           {"numActiveApplications", active_apps},
           {"numActiveTasks", active_tasks},
           {"numLocalServices", s.services().size()},
           {"numActiveLocalServices", active_services},
           {"freeCores", total.free_cores},
           {"usedCores", total.used_cores},
           {"totalCores", total.free_cores + total.used_cores},
           {"freeMemory", total.free_mb},
           {"usedMemory", total.used_mb},
           {"totalMemory", total.free_mb + total.used_mb}};
  if (!leader.empty()) out["leader"] = leader;
  return out;
}

ClusterGauges GaugesOf(const ModelState& s) {
  ClusterGauges g;
  for (const auto& [id, executor] : s.executors()) {
    ++g.executors[std::string(core::ToString(executor.state))];
    g.snapshot_age_seconds[id] = static_cast<double>(s.Now() - executor.last_seen) / 1000.0;
    Usage u = UsageOf(s.scheduler().view().Find(id));
    ClusterGauges::Resources& r = g.by_executor[id];
    r = {u.used_cores, u.free_cores, u.used_mb, u.free_mb};
    if (core::IsBlacklisted(executor.state)) continue;
    g.cluster.used_cores += r.used_cores;
    g.cluster.free_cores += r.free_cores;
    g.cluster.used_memory_mb += r.used_memory_mb;
    g.cluster.free_memory_mb += r.free_memory_mb;
  }
  for (const auto& [app_id, app] : s.apps()) {
    ++g.applications[std::string(core::ToString(app.state))];
    g.app_instances_desired[app_id] = app.instances;
  }
  CountActive(s.instances(), &g.app_instances);
  CountActive(s.service_instances(), &g.local_service_instances);
  for (const auto& [app_id, op] : s.operations()) ++g.operations[OperationLabel(op)];
  for (const auto& [key, task] : s.tasks()) {
    if (core::IsActive(task.info.state)) ++g.tasks[std::string(core::ToString(task.info.state))];
  }
  return g;
}

}  // namespace drove::controller
