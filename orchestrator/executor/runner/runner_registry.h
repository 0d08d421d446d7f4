// Every instance and task runner of this executor, by instance id: start (idempotent), stop,
// adoption of existing containers at start-up, and the lists the snapshot reports.
// Owner: guarded by mutex_; API handlers and the snapshot thread call in concurrently.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/executor/runner/instance_runner.h"
#include "orchestrator/executor/runner/task_runner.h"

namespace drove::executor {

class RunnerRegistry {
 public:
  explicit RunnerRegistry(RunnerContext context) : context_(std::move(context)) {}
  ~RunnerRegistry() { AbandonAll(); }

  // A START for an instance id that is already known does nothing (and succeeds).
  void StartInstance(core::ApplicationSpec spec, core::InstanceInfo info, std::string auth_token);
  // False when no such instance runs here.
  bool StopInstance(const std::string& app_id, const std::string& instance_id);
  void StartTask(core::TaskSpec spec, core::TaskInfo info);
  // Matches by instance id when given, else by (sourceAppName, taskId).
  bool StopTask(const std::string& source_app_name, const std::string& task_id,
                const std::string& instance_id);

  // Rebuilds runners from the labels of this executor's containers. Returns how many.
  core::Result<int> AdoptExisting();

  std::vector<core::InstanceInfo> Instances() const;
  std::vector<core::TaskInfo> Tasks() const;
  // Drops runners that finished more than `keep_ms` ago (they were reported STOPPED already).
  void Prune(int64_t keep_ms);
  // Shutdown: every runner thread ends, containers keep running.
  void AbandonAll();

 private:
  void AdoptOne(const ContainerSummary& container);

  RunnerContext context_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<InstanceRunner>> instances_;
  std::map<std::string, std::unique_ptr<TaskRunner>> tasks_;
};

}  // namespace drove::executor
