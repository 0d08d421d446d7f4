// Reading every container's stats off the HTTP loop and writing them out (see
// container_stats_collector.h).
#include "orchestrator/executor/metrics/container_stats_collector.h"

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/container/container_plan.h"

namespace drove::executor {
namespace {

using core::MetricType;

struct UsageFamily {
  const char* name;
  MetricType type;
  const char* help;
  double (*read)(const ContainerStats&);
};

// Counters are cumulative since the container started; Prometheus' rate() makes them speeds.
constexpr UsageFamily kFamilies[] = {
    {"drove_container_cpu_usage_seconds_total", MetricType::kCounter,
     "CPU time the container used.", [](const ContainerStats& s) { return s.cpu_seconds; }},
    {"drove_container_cpu_throttled_periods_total", MetricType::kCounter,
     "CFS periods in which the container was throttled.",
     [](const ContainerStats& s) { return static_cast<double>(s.cpu_throttled_periods); }},
    {"drove_container_memory_usage_bytes", MetricType::kGauge, "Memory the container uses.",
     [](const ContainerStats& s) { return static_cast<double>(s.memory_usage_bytes); }},
    {"drove_container_memory_limit_bytes", MetricType::kGauge,
     "The container's memory limit (the host's memory when it has none).",
     [](const ContainerStats& s) { return static_cast<double>(s.memory_limit_bytes); }},
    {"drove_container_network_rx_bytes_total", MetricType::kCounter,
     "Bytes the container received, over its interfaces.",
     [](const ContainerStats& s) { return static_cast<double>(s.network_rx_bytes); }},
    {"drove_container_network_tx_bytes_total", MetricType::kCounter,
     "Bytes the container sent, over its interfaces.",
     [](const ContainerStats& s) { return static_cast<double>(s.network_tx_bytes); }},
    {"drove_container_blkio_read_bytes_total", MetricType::kCounter,
     "Bytes the container read from block devices.",
     [](const ContainerStats& s) { return static_cast<double>(s.blkio_read_bytes); }},
    {"drove_container_blkio_write_bytes_total", MetricType::kCounter,
     "Bytes the container wrote to block devices.",
     [](const ContainerStats& s) { return static_cast<double>(s.blkio_write_bytes); }},
    {"drove_container_pids", MetricType::kGauge, "Processes and threads in the container.",
     [](const ContainerStats& s) { return static_cast<double>(s.pids); }},
};

std::string LabelOr(const std::map<std::string, std::string>& labels, const char* key) {
  auto it = labels.find(key);
  return it == labels.end() ? std::string() : it->second;
}

}  // namespace

core::Labels UsageLabelsOf(const std::map<std::string, std::string>& container_labels) {
  const std::string instance_id = LabelOr(container_labels, kLabelInstanceId);
  if (LabelOr(container_labels, kLabelJobType) != "COMPUTATION") {
    const std::string app_id = LabelOr(container_labels, kLabelAppId);
    if (app_id.empty() || instance_id.empty()) return {};
    return {{"app", app_id}, {"instance_id", instance_id}};
  }
  // A task's app label holds an internal id; its info label says the source app and task id.
  auto info = nlohmann::json::parse(LabelOr(container_labels, kLabelInfo), nullptr, false);
  if (!info.is_object()) return {};
  const std::string app = info.value("sourceAppName", ""), task = info.value("taskId", "");
  if (app.empty() || task.empty()) return {};
  return {{"app", app}, {"task_id", task}};
}

ContainerStatsCollector::ContainerStatsCollector(Engine* engine, std::string executor_id,
                                                 std::chrono::milliseconds interval)
    : engine_(engine),
      executor_id_(std::move(executor_id)),
      interval_(interval),
      last_(std::make_shared<const std::vector<ContainerUsage>>()) {}

ContainerStatsCollector::~ContainerStatsCollector() { Stop(); }

void ContainerStatsCollector::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ContainerStatsCollector::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ContainerStatsCollector::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    CollectOnce();
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

void ContainerStatsCollector::CollectOnce() {
  auto containers = engine_->ListByLabel(std::string(kLabelExecutorId) + "=" + executor_id_);
  auto reading = std::make_shared<std::vector<ContainerUsage>>();
  if (!containers.ok()) {
    // Reported as no containers rather than as the last figures, which would look current.
    DLOG_WARN("container stats not read", {{"error", containers.error()}});
    containers = std::vector<ContainerSummary>();
  }
  for (const ContainerSummary& container : *containers) {
    if (container.state != "running") continue;
    core::Labels labels = UsageLabelsOf(container.labels);
    if (labels.empty()) continue;
    auto stats = engine_->Stats(container.id);
    if (!stats.ok()) {
      // Usually a container that stopped since the listing: it drops out of this reading.
      DLOG_DEBUG("container stats not read",
                 {{"containerId", container.id}, {"error", stats.error()}});
      continue;
    }
    reading->push_back({std::move(labels), *stats});
  }
  std::lock_guard lock(mu_);
  last_ = std::move(reading);
}

void ContainerStatsCollector::WriteTo(core::PrometheusText& out) const {
  std::shared_ptr<const std::vector<ContainerUsage>> last;
  {
    std::lock_guard lock(mu_);
    last = last_;
  }
  for (const UsageFamily& family : kFamilies) {
    out.Family(family.name, family.type, family.help);
    for (const ContainerUsage& usage : *last) {
      out.Sample(family.name, usage.labels, family.read(usage.stats));
    }
  }
}

}  // namespace drove::executor
