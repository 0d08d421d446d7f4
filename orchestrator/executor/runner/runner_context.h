// What every runner shares: the engine, where state reports go, the executor's identity,
// pinning options and the clock.
#pragma once

#include <chrono>
#include <string>

#include "orchestrator/core/metrics/metric_families.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/util/clock.h"
#include "orchestrator/core/model/task_info.h"
#include "orchestrator/executor/container/container_plan.h"
#include "orchestrator/executor/container/container_security.h"
#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

// Receives every state transition (the controller link queues them for sending).
class StateSink {
 public:
  virtual ~StateSink() = default;
  virtual void InstanceChanged(const core::InstanceInfo& info) = 0;
  virtual void TaskChanged(const core::TaskInfo& info) = 0;
};

struct RunnerContext {
  Engine* engine = nullptr;
  StateSink* sink = nullptr;
  std::string executor_id;
  std::string hostname;           // the executor's: DROVE_EXECUTOR_HOST
  std::string instance_hostname;  // localInfo.hostname / task hostname / HOST (empty: hostname)
  std::string log_dir;
  PinningOptions pinning;
  ContainerSecurity security;  // executor containerSecurity: applied to every container
  EnvLookup host_env = ProcessEnv();
  std::chrono::seconds stop_timeout{10};  // SIGTERM -> SIGKILL grace, docker's default
  bool cache_images = true;               // ExecutorConfig::cache_images
  const core::Clock* clock = &core::SystemClock::Instance();
  core::CounterFamily* check_results = nullptr;  // readiness/health results; null: not counted

  const std::string& InstanceHostname() const {
    return instance_hostname.empty() ? hostname : instance_hostname;
  }
};

}  // namespace drove::executor
