// Counting the executor's own view for /metrics (see executor_metrics.h).
#include "orchestrator/executor/api/executor_metrics.h"

#include <map>

#include "orchestrator/core/metrics/process_metrics.h"

namespace drove::executor {
namespace {

using core::MetricType;

constexpr int64_t kMb = 1024 * 1024;

struct Used {
  int64_t cores = 0;
  int64_t memory_mb = 0;

  void Add(const std::vector<core::ResourceAllocation>& resources) {
    for (const core::ResourceAllocation& r : resources) {
      for (const auto& [node, ids] : r.cores) cores += static_cast<int64_t>(ids.size());
      for (const auto& [node, mb] : r.memory_in_mb) memory_mb += mb;
    }
  }
};

void ByState(core::PrometheusText& out, const char* name, const char* help,
             const std::map<std::string, int64_t>& counts) {
  out.Family(name, MetricType::kGauge, help);
  for (const auto& [state, count] : counts) out.Sample(name, {{"state", state}}, count);
}

void UsedFree(core::PrometheusText& out, const char* name, const char* help, int64_t used,
              int64_t offered) {
  out.Family(name, MetricType::kGauge, help);
  out.Sample(name, {{"state", "used"}}, used);
  out.Sample(name, {{"state", "free"}}, offered - used);
}

}  // namespace

void WriteExecutorInfo(core::PrometheusText& out, const std::string& executor_id,
                       const std::string& hostname) {
  out.Family("drove_executor_info", MetricType::kGauge,
             "Always 1; this executor's id (as the controller's metrics label it) and host.");
  out.Sample("drove_executor_info", {{"executor", executor_id}, {"hostname", hostname}}, 1);
}

std::string RenderExecutorMetrics(const std::vector<core::InstanceInfo>& instances,
                                  const std::vector<core::TaskInfo>& tasks,
                                  const OfferedCapacity& offered, const MetricsWriter& more,
                                  const core::HttpRequestMetrics& requests) {
  std::map<std::string, int64_t> instance_states, task_states;
  Used used;
  for (const core::InstanceInfo& info : instances) {
    ++instance_states[std::string(core::ToString(info.state))];
    if (core::IsActive(info.state)) used.Add(info.resources);
  }
  for (const core::TaskInfo& info : tasks) {
    ++task_states[std::string(core::ToString(info.state))];
    if (core::IsActive(info.state)) used.Add(info.resources);
  }
  core::PrometheusText out;
  core::WriteBuildInfo(out);
  core::WriteProcessMetrics(out);
  ByState(out, "drove_executor_instances",
          "Instances (applications' and local services') this executor runs or ran lately, by "
          "state (states with none left out).",
          instance_states);
  ByState(out, "drove_executor_tasks",
          "Tasks this executor runs or ran lately, by state (states with none left out).",
          task_states);
  UsedFree(out, "drove_executor_cpu_cores",
           "CPU cores this executor offers, used by its active instances and tasks or free.",
           used.cores, offered.cores);
  UsedFree(out, "drove_executor_memory_bytes",
           "Memory this executor offers, used by its active instances and tasks or free.",
           used.memory_mb * kMb, offered.memory_mb * kMb);
  if (more) more(out);
  requests.WriteTo(out);
  return out.Take();
}

}  // namespace drove::executor
