// Per-container usage for the executor's /metrics: a worker thread asks the engine for the
// stats of every running container of this executor each interval, and /metrics writes the
// last reading, so the HTTP loop never waits on the engine. Containers that are gone drop out
// with the next reading.
//
// Owner: the executor's main; the worker writes last_ (a shared_ptr swapped under mu_), the
// HTTP loop reads it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/core/metrics/prometheus_text.h"
#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

struct ContainerUsage {
  core::Labels labels;  // app and instance, or app and task
  ContainerStats stats;
};

class ContainerStatsCollector {
 public:
  // Reads the containers labelled with `executor_id` (several executors may share one engine).
  ContainerStatsCollector(Engine* engine, std::string executor_id,
                          std::chrono::milliseconds interval);
  ~ContainerStatsCollector();

  void Start();
  void Stop();
  // One reading of every running container, replacing the last (the thread's work; tests call
  // it directly).
  void CollectOnce();
  // The drove_container_* families from the last reading.
  void WriteTo(core::PrometheusText& out) const;

 private:
  void Run();

  Engine* engine_;
  const std::string executor_id_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::shared_ptr<const std::vector<ContainerUsage>> last_;
  std::thread thread_;
};

// The metric labels of a container from its drove labels: {app, instance} for an instance,
// {app, task} for a task; empty when they are missing.
core::Labels UsageLabelsOf(const std::map<std::string, std::string>& container_labels);

}  // namespace drove::executor
