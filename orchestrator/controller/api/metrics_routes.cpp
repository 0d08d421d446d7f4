// GET /metrics: the controller's Prometheus text, computed at scrape time from the core's
// in-memory figures (no store reads) and the API's own request counts.
#include "orchestrator/controller/api/metrics_routes.h"

#include "orchestrator/core/metrics/process_metrics.h"
#include "orchestrator/core/model/enums.h"

namespace drove::controller::api {
namespace {

using core::Labels;
using core::MetricType;
using core::PrometheusText;

constexpr int64_t kMb = 1024 * 1024;

// Every state of a small enum, zeros included, so a series does not vanish when its count
// drops to 0 (alerts on `== 0` keep working).
template <typename E>
void ByState(PrometheusText& out, const char* name, const char* help,
             const std::map<std::string, int64_t>& counts) {
  out.Family(name, MetricType::kGauge, help);
  for (std::string_view state : core::EnumInfo<E>::kNames) {
    auto it = counts.find(std::string(state));
    out.Sample(name, {{"state", std::string(state)}}, it == counts.end() ? 0 : it->second);
  }
}

void UsedFree(PrometheusText& out, const char* name, Labels labels, int64_t used, int64_t free) {
  labels.emplace_back("state", "used");
  out.Sample(name, labels, used);
  labels.back().second = "free";
  out.Sample(name, labels, free);
}

void WriteResources(PrometheusText& out, const ClusterGauges& g) {
  out.Family("drove_cluster_cpu_cores", MetricType::kGauge,
             "CPU cores over executors not blacklisted, used or free.");
  UsedFree(out, "drove_cluster_cpu_cores", {}, g.cluster.used_cores, g.cluster.free_cores);
  out.Family("drove_cluster_memory_bytes", MetricType::kGauge,
             "Memory over executors not blacklisted, used or free.");
  UsedFree(out, "drove_cluster_memory_bytes", {}, g.cluster.used_memory_mb * kMb,
           g.cluster.free_memory_mb * kMb);
  out.Family("drove_executor_cpu_cores", MetricType::kGauge,
             "CPU cores of each executor, used or free.");
  for (const auto& [id, r] : g.by_executor) {
    UsedFree(out, "drove_executor_cpu_cores", {{"executor", id}}, r.used_cores, r.free_cores);
  }
  out.Family("drove_executor_memory_bytes", MetricType::kGauge,
             "Memory of each executor, used or free.");
  for (const auto& [id, r] : g.by_executor) {
    UsedFree(out, "drove_executor_memory_bytes", {{"executor", id}}, r.used_memory_mb * kMb,
             r.free_memory_mb * kMb);
  }
}

// One gauge per (owner, state) pair: app instances, local-service instances.
void ByOwnerAndState(PrometheusText& out, const char* name, const char* owner, const char* help,
                     const std::map<std::pair<std::string, std::string>, int64_t>& counts) {
  out.Family(name, MetricType::kGauge, help);
  for (const auto& [key, count] : counts) {
    out.Sample(name, {{owner, key.first}, {"state", key.second}}, count);
  }
}

template <typename V>
void ByLabel(PrometheusText& out, const char* name, const char* label, const char* help,
             const std::map<std::string, V>& values) {
  out.Family(name, MetricType::kGauge, help);
  for (const auto& [key, value] : values) out.Sample(name, {{label, key}}, value);
}

void WriteWorkloads(PrometheusText& out, const ClusterGauges& g) {
  ByState<core::ApplicationState>(out, "drove_applications", "Applications by state.",
                                  g.applications);
  ByOwnerAndState(out, "drove_app_instances", "app",
                  "Active instances of each application, by state (states with none left out).",
                  g.app_instances);
  ByLabel(out, "drove_app_instances_desired", "app",
          "Instances each application should run (its requiredInstances).",
          g.app_instances_desired);
  ByOwnerAndState(out, "drove_local_service_instances", "service",
                  "Active instances of each local service, by state (states with none left out).",
                  g.local_service_instances);
  ByLabel(out, "drove_tasks", "state", "Active tasks by state (states with none left out).",
          g.tasks);
  ByLabel(out, "drove_operations_in_flight", "op",
          "Application operations under way, by operation type.", g.operations);
  ByLabel(out, "drove_executor_snapshot_age_seconds", "executor",
          "Seconds since each executor's last snapshot reached this controller.",
          g.snapshot_age_seconds);
}

}  // namespace

std::string RenderControllerMetrics(bool leader, const ClusterGauges& g,
                                    const std::function<void(PrometheusText&)>& core_metrics,
                                    const core::HttpRequestMetrics& requests) {
  PrometheusText out;
  core::WriteBuildInfo(out);
  core::WriteProcessMetrics(out);
  out.Family("drove_controller_leader", MetricType::kGauge,
             "1 while this controller leads and serves the API; its figures below are 0 if not.");
  out.Sample("drove_controller_leader", {}, leader ? 1 : 0);
  ByState<core::ExecutorState>(out, "drove_executors", "Executors by state.", g.executors);
  WriteResources(out, g);
  WriteWorkloads(out, g);
  if (core_metrics) core_metrics(out);
  requests.WriteTo(out);
  return out.Take();
}

void AddMetricsRoute(ControllerCore* core, const core::HttpRequestMetrics* requests,
                     const EventStream* events, std::vector<Route>* routes) {
  Route route{"GET", kMetricsPath, Sync([core, requests, events](const ApiRequest&) {
                ApiResponse response;
                response.content_type = core::kPrometheusContentType;
                response.body = RenderControllerMetrics(
                    core->IsLeader(), core->Gauges(),
                    [core, events](PrometheusText& out) {
                      core->WriteMetrics(out);
                      events->WriteMetrics(out);
                    },
                    *requests);
                return response;
              })};
  route.any_node = true;
  routes->push_back(std::move(route));
}

}  // namespace drove::controller::api
