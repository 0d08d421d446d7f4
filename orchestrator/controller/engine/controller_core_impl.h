// ControllerCore implemented over the cluster model, the event store and the operations engine.
//
// Owner: one instance per controller process. It owns the store, the model (its own mutex), the
// event store (its own leaf mutex) and the engine (its own thread); API calls lock the model
// only to copy or to accept an operation, then signal the engine.
#pragma once

#include <memory>

#include "orchestrator/controller/engine/app_commands.h"
#include "orchestrator/controller/engine/controller_core_factory.h"
#include "orchestrator/controller/engine/operations_engine.h"
#include "orchestrator/controller/model/cluster_model.h"
#include "orchestrator/controller/model/event_store.h"

namespace drove::controller {

class ControllerCoreImpl : public ControllerCoreService {
 public:
  ControllerCoreImpl(const CoreOptions& options, std::unique_ptr<store::StateStore> store,
                     std::unique_ptr<ExecutorClient> client, NowFn now);
  ~ControllerCoreImpl() override;

  core::Status Start() override;
  void Stop() override;
  // Loads the store without starting the thread (tests then drive engine().Tick()).
  core::Status Load() { return model_.Load(); }
  OperationsEngine& engine() { return engine_; }

  Outcome<std::string> SubmitAppOperation(const nlohmann::json& operation) override;
  bool CancelAppOperation(const std::string& app_id) override;
  nlohmann::json ListApps(int64_t from, int64_t size) override;
  std::optional<nlohmann::json> AppSummary(const std::string& app_id) override;
  std::optional<nlohmann::json> AppSpec(const std::string& app_id) override;
  nlohmann::json AppInstances(const std::string& app_id, bool old) override;
  std::optional<nlohmann::json> AppInstance(const std::string& app_id,
                                            const std::string& instance_id) override;

  nlohmann::json DryRunPlacementRule(const nlohmann::json& policy,
                                     const nlohmann::json& scheduling_info) override;

  Outcome<std::string> SubmitTaskOperation(const nlohmann::json& operation) override;
  nlohmann::json ListTasks() override;
  std::optional<nlohmann::json> Task(const std::string& source_app,
                                     const std::string& task_id) override;
  bool DeleteTask(const std::string& source_app, const std::string& task_id) override;

  nlohmann::json ClusterSummary() override;
  nlohmann::json Executors() override;
  std::optional<nlohmann::json> Executor(const std::string& executor_id) override;

  nlohmann::json Endpoints(const std::set<std::string>& app_names, uint64_t* generation) override;
  uint64_t EndpointsGeneration() override;
  void OnEndpointsChanged(std::function<void(uint64_t)> listener) override;

  nlohmann::json EventsSince(int64_t last_sync_time, int size) override;
  nlohmann::json EventsSummary(int64_t last_sync_time) override;

  core::Status HandleExecutorMessage(const nlohmann::json& message) override;

  std::optional<ExecutorAddress> LocateAppInstance(const std::string& app_id,
                                                   const std::string& instance_id) override;
  std::optional<ExecutorAddress> LocateTask(const std::string& source_app,
                                            const std::string& task_id) override;

 private:
  const CoreOptions options_;
  const CommandOptions commands_;
  std::unique_ptr<store::StateStore> store_;
  std::unique_ptr<ExecutorClient> client_;
  EventStore events_;
  ClusterModel model_;
  OperationsEngine engine_;
};

}  // namespace drove::controller
