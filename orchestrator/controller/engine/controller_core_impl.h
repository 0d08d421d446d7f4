// ControllerCore implemented over the cluster model, the event store and the operations engine.
//
// Owner: one instance per controller process. It owns the store, the model (its own mutex), the
// event store (its own leaf mutex), the election and the engine (its own thread); API calls lock
// the model only to copy or to accept an operation, then signal the engine.
//
// Leadership is level-triggered on the engine thread: every tick asks the election whether this
// node leads. On becoming leader the engine thread reloads the model from the store and opens a
// new term (engine queues start empty, events cleared, LEADERSHIP_ACQUIRED); on losing it, it
// drops the model. The election's callbacks only wake the engine, so a slow load never blocks
// the election's own thread (which must keep proving the lease). Messages to executors are gated
// on the election's lease right before they leave (leader_gated_client.h).
#pragma once

#include <atomic>
#include <memory>

#include "orchestrator/controller/engine/app_commands.h"
#include "orchestrator/controller/engine/controller_core_factory.h"
#include "orchestrator/controller/engine/controller_metrics.h"
#include "orchestrator/controller/engine/operations_engine.h"
#include "orchestrator/controller/model/cluster_model.h"
#include "orchestrator/controller/model/event_store.h"

namespace drove::controller {

class ControllerCoreImpl : public ControllerCoreService {
 public:
  ControllerCoreImpl(const CoreOptions& options, std::unique_ptr<store::StateStore> store,
                     std::unique_ptr<ExecutorClient> client, NowFn now,
                     std::unique_ptr<coordination::LeaderElection> election);
  ~ControllerCoreImpl() override;

  core::Status Start() override;
  void Stop() override;
  // Campaigns and, once elected, loads the store without starting the thread (tests then
  // drive engine().Tick()). An error when this node is not elected or the load failed.
  core::Status Load();
  OperationsEngine& engine() { return engine_; }

  bool IsLeader() override;
  std::string LeaderNodeId() override;
  std::vector<ControllerNode> Controllers() override;
  Outcome<std::string> SubmitAppOperation(const nlohmann::json& operation) override;
  bool CancelAppOperation(const std::string& app_id) override;
  std::string ListAppsJson(int64_t from, int64_t size) override;
  std::optional<nlohmann::json> AppSummary(const std::string& app_id) override;
  std::optional<nlohmann::json> AppSpec(const std::string& app_id) override;
  nlohmann::json AppInstances(const std::string& app_id, bool old) override;
  std::optional<nlohmann::json> AppInstance(const std::string& app_id,
                                            const std::string& instance_id) override;

  // Local services (controller_core_local_services.cpp).
  Outcome<std::string> SubmitLocalServiceOperation(const nlohmann::json& operation) override;
  bool CancelLocalServiceOperation(const std::string& service_id) override;
  nlohmann::json ListLocalServices(int64_t from, int64_t size) override;
  std::optional<nlohmann::json> LocalServiceSummary(const std::string& service_id) override;
  std::optional<nlohmann::json> LocalServiceSpec(const std::string& service_id) override;
  std::optional<nlohmann::json> LocalServiceInstances(const std::string& service_id,
                                                      bool old) override;
  std::optional<nlohmann::json> LocalServiceInstance(const std::string& service_id,
                                                     const std::string& instance_id) override;
  nlohmann::json ReservedResources() override;
  std::optional<nlohmann::json> ExecutorInstanceIds(const std::string& executor_id,
                                                    bool last) override;

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
  ClusterGauges Gauges() override;
  void WriteMetrics(core::PrometheusText& out) override;

  std::optional<nlohmann::json> SetMaintenance(bool on) override;
  bool InMaintenanceWindow() override;
  nlohmann::json BlacklistExecutors(const std::vector<std::string>& executor_ids) override;
  nlohmann::json UnblacklistExecutors(const std::vector<std::string>& executor_ids) override;

  nlohmann::json Endpoints(const std::set<std::string>& app_names, uint64_t* generation) override;
  uint64_t EndpointsGeneration() override;
  void OnEndpointsChanged(std::function<void(uint64_t)> listener) override;

  nlohmann::json EventsSince(int64_t last_sync_time, int size) override;
  nlohmann::json EventsSummary(int64_t last_sync_time) override;
  EventStore& Events() override { return events_; }

  core::Status HandleExecutorMessage(const nlohmann::json& message) override;

  std::optional<ExecutorAddress> LocateAppInstance(const std::string& app_id,
                                                   const std::string& instance_id) override;
  std::optional<ExecutorAddress> LocateTask(const std::string& source_app,
                                            const std::string& task_id) override;

 private:
  core::Status StartElection();
  // The engine's TermGate: follows the election, loading or dropping the model on a change.
  uint64_t SyncLeadership();

  const CoreOptions options_;
  const CommandOptions commands_;
  ControllerMetrics metrics_;  // before store_, which times its calls into it
  std::unique_ptr<store::StateStore> store_;
  std::unique_ptr<coordination::LeaderElection> election_;
  std::unique_ptr<ExecutorClient> client_;  // gated on election_->IsLeader()
  EventStore events_;
  ClusterModel model_;
  OperationsEngine engine_;
  std::atomic<uint64_t> term_{0};  // 0 while not serving; written by the engine thread only
  uint64_t terms_ = 0;              // engine thread only
  std::atomic<bool> campaigning_{false};
};

}  // namespace drove::controller
