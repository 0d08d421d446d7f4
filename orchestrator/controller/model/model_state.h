// The leader's cluster model data (apps, instances, tasks, operations, executors, scheduler) and its
// mutators.
//
// Owner: ClusterModel (cluster_model.h). A ModelState is only ever reached through
// ClusterModel::Update/Read, i.e. under the model's one mutex; nothing here locks. A mutator
// changes memory and stages the matching store writes; ClusterModel commits an update's staged
// writes in one Apply once the lock is released, before anything acts on the change (a start is
// sent only for an instance whose PENDING record is stored), so a controller restarted at any
// moment resumes from what it last acted on. Records over the store's size limit are refused at
// staging, before memory changes.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/controller_core.h"
#include "orchestrator/controller/model/endpoints.h"
#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/controller/model/local_service_record.h"
#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/model/summaries.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"
#include "orchestrator/scheduler/scheduler.h"
#include "orchestrator/store/state_store.h"

namespace drove::core {
struct ExecutorSnapshotMessage;  // core/model/executor_messages.h
}  // namespace drove::core

namespace drove::controller {

// A container an executor runs that the controller does not want (unknown or already finished).
struct OrphanStop {
  ExecutorAddress executor;
  bool is_task = false;
  std::string app_id;       // appId, or sourceAppName for a task
  std::string instance_id;  // AI-/TI- id
  std::string task_id;      // tasks only
};

class ModelState {
 public:
  ModelState(store::StateStore* store, EventStore* events, NowFn now);

  // Loads every record (each leadership term). Stored executors count as seen now: one that
  // never reports is removed after executorLostTimeout, as any silent executor.
  core::Status Load();
  int64_t Now() const { return now_(); }
  // The writes staged since the last call, oldest first, one per record (a record written twice
  // in one update keeps its last value).
  std::vector<store::StoreWrite> TakeStagedWrites();

  // ---- reads ----
  const std::map<std::string, AppRecord>& apps() const { return apps_; }
  const AppRecord* FindApp(const std::string& app_id) const;
  // All known instances of every app (live and old), by appId then instanceId.
  const std::map<std::string, InstanceMap>& instances() const { return instances_; }
  const InstanceMap& InstancesOf(const std::string& app_id) const;
  // An app instance, or a local-service instance (an "SI-" id, `app_id` its serviceId).
  const core::InstanceInfo* FindInstance(const std::string& app_id, const std::string& id) const;
  // Both instance tables (app instances, then local-service instances by serviceId), for the
  // passes that treat every instance alike (lost, executors leaving and coming back).
  std::array<const std::map<std::string, InstanceMap>*, 2> InstanceTables() const {
    return {&instances_, &service_instances_};
  }
  const std::map<std::string, OperationRecord>& operations() const { return operations_; }
  const OperationRecord* FindOperation(const std::string& app_id) const;
  const std::map<std::string, TaskRecord>& tasks() const { return tasks_; }
  const TaskRecord* FindTask(const std::string& key) const;
  const std::map<std::string, ExecutorRecord>& executors() const { return executors_; }
  const std::vector<nlohmann::json>& removed_executors() const { return removed_executors_; }
  std::optional<ExecutorAddress> AddressOf(const std::string& executor_id) const;
  const scheduler::Scheduler& scheduler() const { return scheduler_; }
  // When an instance of the app last failed (error state or lost); 0 if never.
  int64_t LastFailure(const std::string& app_id) const;

  // ---- apps and operations ----
  // Stores the app and, in the same transaction, puts `op` (when non-null) or deletes the app's
  // operation (clear_op). Emits APP_STATE_CHANGE when the state changed.
  core::Status SaveApp(const AppRecord& app, const OperationRecord* op, bool clear_op);
  // Deletes the app, its instance records and its operation; emits APP_STATE_CHANGE DESTROYED.
  core::Status DestroyApp(const std::string& app_id);
  // Whether `count` more instances of the app's spec fit now, under its placement policy; "" or
  // what is short and where (per executor). `freed` are instances that stop before the new ones
  // start (stop-first replace, stop with respawn): their cores count as free for the check.
  std::string CheckCapacity(const std::string& app_id, const nlohmann::json& spec, int64_t count,
                            const std::vector<std::string>& freed = {});

  // ---- instances ----
  // Places one instance, stores it PENDING (write-ahead) and returns it, for the engine to tell
  // its executor to start; the error says why not.
  core::Result<core::InstanceInfo> PlaceInstance(const std::string& app_id);
  // Controller-decided state (LOST, or a start the executor refused).
  core::Status MarkInstance(const std::string& app_id, const std::string& instance_id,
                            core::InstanceState state, const std::string& error);

  // ---- local services (model_local_services.cpp) ----
  const std::map<std::string, LocalServiceRecord>& services() const { return services_; }
  const LocalServiceRecord* FindService(const std::string& service_id) const;
  const InstanceMap& ServiceInstancesOf(const std::string& service_id) const;
  const std::map<std::string, InstanceMap>& service_instances() const {
    return service_instances_;
  }
  // Stores the service; emits LOCAL_SERVICE_STATE_CHANGE when its state changed.
  core::Status SaveService(const LocalServiceRecord& service);
  // Deletes the service and its instance records; emits LOCAL_SERVICE_STATE_CHANGE DESTROYED.
  core::Status DestroyService(const std::string& service_id);
  // Places one instance of the service on `executor_id` and stores it PENDING (write-ahead).
  core::Result<core::InstanceInfo> PlaceServiceInstance(const std::string& service_id,
                                                        const std::string& executor_id);
  // The ACTIVE executors the service's placement policy admits (resources aside), sorted: the
  // hosts that should run its instances.
  std::vector<std::string> ServiceExecutors(const std::string& service_id) const;
  // The spec a PENDING instance starts with: its app's, or its local service's (SI- ids).
  std::optional<nlohmann::json> StartSpecOf(const std::string& owner_id,
                                            const std::string& instance_id) const;
  // Holds back, on every executor, the cores and memory that the resource-using (ACTIVE,
  // CONFIG_TESTING) services' instances there do not hold yet, so apps and tasks never take a
  // local service's share. Called after every change to services or their instances.
  void RefreshHeldShares();
  // GET /internal/cluster/resources/reserved: {cpus, memory, requiredInstances}.
  nlohmann::json ReservedResources() const;

  // ---- tasks ----
  // As PlaceInstance, for the task of a TaskSpec (JSON, kept as submitted).
  core::Result<core::TaskInfo> PlaceTask(const nlohmann::json& spec);
  core::Status MarkTaskLost(const std::string& key, const std::string& error);
  // A PENDING task that will not be started: STOPPED with result FAILED.
  core::Status MarkTaskUnstarted(const std::string& key, const std::string& error);
  core::Status DeleteTask(const std::string& key);

  // ---- executor reports (model_reports.cpp) ----
  core::Status HandleSnapshot(const core::ExecutorSnapshotMessage& snapshot);
  core::Status HandleInstanceReport(const core::InstanceInfo& info, const std::string& executor_id);
  core::Status HandleTaskReport(const core::TaskInfo& info, const std::string& executor_id);
  // Removes executors silent for executor_lost_ms and marks instances/tasks not reported for
  // instance_lost_ms as LOST.
  void ExpireLost(int64_t instance_lost_ms, int64_t executor_lost_ms);
  std::vector<OrphanStop> TakeOrphans();
  // GET /internal/cluster/executors/{id}/instances/last|current (model_reports.cpp): the ids of
  // the executor's last snapshot (`last`: wanted ones, and stale ones the controller does not
  // want), or the ids the controller has placed there (`current`: active ones, and stale ones the
  // last snapshot did not carry). nullopt for an executor with no snapshot.
  std::optional<nlohmann::json> ExecutorInstanceIds(const std::string& executor_id,
                                                    bool last) const;

  // ---- stale data (model_cleanup.cpp) ----
  // Deletes finished tasks older than task_ms, the old instance records of every app and local
  // service beyond its newest max_old_instances or older than instance_ms, and local services
  // INACTIVE for service_ms. Returns the apps MONITORING (nothing
  // wanted, no operation) since longer than app_ms: the caller destroys them with a DESTROY.
  std::vector<std::string> CleanStale(const StaleAges& ages);
  // The apps whose record or instances changed since the last call (the endpoints view
  // re-derives only those).
  TouchedApps TakeTouchedApps();

  // ---- executor records and blacklisting (model_executors.cpp) ----
  // Stores the new state first, then tells the scheduler and emits EXECUTOR_BLACKLIST_REQUESTED,
  // EXECUTOR_BLACKLISTED or EXECUTOR_UN_BLACKLISTED. No-op when the state is unchanged.
  core::Status SetExecutorState(const std::string& executor_id, core::ExecutorState state);
  // Unblacklists an executor that was removed while blacklisted (off duty); kNotFound if it is not.
  core::Status ClearOffDuty(const std::string& executor_id);

  // ---- maintenance (model_maintenance.cpp) ----
  const core::ClusterStateData& cluster_state() const { return cluster_state_; }
  // Stores {state, now}; the caller emits the event (it names the controller).
  core::Status SetClusterState(core::ClusterState state);
  // MAINTENANCE, or less than settle_ms since the last change (drove-api.md 1.7).
  bool InMaintenanceWindow(int64_t settle_ms) const;

 private:
  // kTooLarge (naming the record) if one write is over the limit; otherwise queues them all.
  core::Status Stage(std::vector<store::StoreWrite> writes);
  core::Status CommitInstance(core::InstanceInfo info);
  // Places one instance (`request`), stores it PENDING with an id `<id_prefix><uuid>` and keeps
  // its allocation; the error says why it was not placed or not stored.
  core::Result<core::InstanceInfo> PlaceAndStore(const scheduler::PlacementRequest& request,
                                                 const std::string& owner_id,
                                                 const std::string& owner_name,
                                                 std::string_view id_prefix);
  core::Status CommitTask(TaskRecord record);
  void ReserveFor(const std::string& id, const std::vector<core::ResourceAllocation>& resources,
                  const std::string& executor_id, const std::string& app_id);
  void Release(const std::string& id);
  void CleanStaleTasks(int64_t updated_before);
  void CleanOldInstances(std::map<std::string, InstanceMap>& table, const char* kind,
                         const std::string& app_id, int64_t updated_before, size_t keep);
  // Local services INACTIVE for ages.service_ms are destroyed; old instance records pruned.
  void CleanStaleServices(const StaleAges& ages);
  void UpsertExecutor(ExecutorRecord record);
  void RemoveExecutor(const std::string& executor_id);
  // Loads stored executors and the maintenance state (after instances: allocations are re-added).
  void LoadExecutors(const std::map<std::string, std::string>& records);
  void LoadOffDuty(const std::map<std::string, std::string>& cluster_records);
  core::Status PersistOffDuty();
  void LoadClusterState(const std::map<std::string, std::string>& records);
  core::Status LoadServices(const std::map<std::string, std::string>& services,
                            const std::map<std::string, std::string>& instances);
  // A newly known executor: off the removed list, allocations of its live instances and tasks
  // re-added (after a restart, or when it comes back).
  void AdmitExecutor(const ExecutorRecord& record);
  // Writes the executor's record when it differs from the stored one (snapshots repeat it).
  core::Status PersistExecutor(const ExecutorRecord& record);
  // Queues `stop` (its executor filled in here) unless the executor is unknown.
  void QueueOrphan(const std::string& executor_id, OrphanStop stop);

  store::StateStore* store_;  // read by Load only: writes are staged
  EventStore* events_;
  NowFn now_;

  std::map<std::string, AppRecord> apps_;
  std::map<std::string, InstanceMap> instances_;  // appId -> instanceId -> InstanceInfo
  TouchedApps touched_;  // see TakeTouchedApps
  std::map<std::string, OperationRecord> operations_;
  std::map<std::string, TaskRecord> tasks_;  // by TaskKey
  std::map<std::string, LocalServiceRecord> services_;    // by serviceId
  std::map<std::string, InstanceMap> service_instances_;  // serviceId -> instanceId -> info
  std::map<std::string, ExecutorRecord> executors_;
  std::map<std::string, std::string> stored_executors_;  // executorId -> JSON last written
  // Blacklisted executors that were removed (lost): an operator blacklists a host before taking it
  // down, so when it comes back it must come back blacklisted. Stored as cluster/offduty.
  std::map<std::string, core::ExecutorState> off_duty_;
  core::ClusterStateData cluster_state_;
  std::vector<nlohmann::json> removed_executors_;  // ExecutorSummary, state REMOVED, newest last
  scheduler::hope::HopeRuleEvaluator rules_;  // RULE_BASED placement; before scheduler_ uses it
  scheduler::Scheduler scheduler_;
  std::map<std::string, scheduler::Allocation> reserved_;  // instance/task id -> allocation
  std::map<std::string, int64_t> last_reported_;           // instance/task id -> controller ms
  std::map<std::string, int64_t> last_failure_;            // appId -> controller ms
  std::vector<OrphanStop> orphans_;
  // executorId -> instance and task ids of its last snapshot (ExecutorInstanceIds).
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> reported_;
  std::vector<store::StoreWrite> staged_;
  std::map<std::string, size_t> staged_index_;  // kind/parent/id -> position in staged_
};

}  // namespace drove::controller
