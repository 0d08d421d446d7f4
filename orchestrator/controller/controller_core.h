// The seam between the controller's HTTP API and its core (cluster model + operations engine).
// The API layer (api/) only talks to this interface; the engine (engine/, model/) implements it.
// Every method is thread-safe and returns copies, so handlers never hold the model's lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {
class PrometheusText;
}  // namespace drove::core

namespace drove::controller {

// A refused request: every message goes into Drove's `data.validationErrors` (HTTP 400).
struct Refusal {
  std::vector<std::string> errors;
  // The store did not take the write (unreachable, or this node stopped leading): nothing was
  // judged on its merits, so the client should retry; the API answers 503, not 400.
  bool store_unavailable = false;
};

template <typename T>
struct Outcome {
  std::optional<T> value;  // set on success
  Refusal refusal;         // set on failure
  bool ok() const { return value.has_value(); }
};

// A write the store did not take: too large is the client's doing (400), anything else the
// store's (503).
template <typename T>
Outcome<T> RefuseWrite(const core::Status& status) {
  Outcome<T> out;
  out.refusal.errors.push_back(status.message());
  out.refusal.store_unavailable = status.code() != core::StatusCode::kTooLarge;
  return out;
}

// Where the executor running an instance or task listens (for the log proxy), and its state as
// the controller knows it (ExecutorState name), which starts carry so the executor can refuse them.
struct ExecutorAddress {
  std::string executor_id;
  std::string host;
  int port = 0;
  std::string executor_state = "ACTIVE";
  bool tls = false;  // the executor reports transportType HTTPS: call it over https
};

// The cluster's figures for /metrics, counted from the in-memory model at scrape time. States are
// wire names ("HEALTHY"); memory in MB, as the model keeps it.
struct ClusterGauges {
  struct Resources {
    int64_t used_cores = 0, free_cores = 0, used_memory_mb = 0, free_memory_mb = 0;
  };
  std::map<std::string, int64_t> executors;  // by state
  Resources cluster;                         // over executors not blacklisted, as ClusterSummary
  std::map<std::string, Resources> by_executor;
  std::map<std::string, int64_t> applications;                           // by state
  std::map<std::pair<std::string, std::string>, int64_t> app_instances;  // (appId, state), active
  std::map<std::string, int64_t> tasks;                                  // by state, active
  std::map<std::string, int64_t> app_instances_desired;                  // by appId
  // (serviceId, state), active local-service instances
  std::map<std::pair<std::string, std::string>, int64_t> local_service_instances;
  std::map<std::string, int64_t> operations;          // in flight, by OperationLabel
  std::map<std::string, double> snapshot_age_seconds;  // by executor: since its last report
};

// A controller taking part in the leader election, as this node last saw it.
struct ControllerNode {
  std::string id;  // "host:port"
  bool leader = false;
  bool self = false;  // the node answering
};

// All JSON values below are Drove's wire models (drove-api.md section 4), already serialised, so the
// API layer never depends on how the core stores them.
class ControllerCore {
 public:
  virtual ~ControllerCore() = default;

  // Whether this controller leads and has its model loaded: only then does it serve the API
  // (drove-api.md 1.4). Cheap; called for every request.
  virtual bool IsLeader() = 0;
  // The leading controller's node id ("host:port"), "" while none is known: where a follower
  // sends a browser that asked it for a UI page.
  virtual std::string LeaderNodeId() = 0;
  // Every controller campaigning, the leader first, as the election last listed them: answered
  // by any node without asking the coordination service.
  virtual std::vector<ControllerNode> Controllers() = 0;

  // Applications. `operation` is the parsed + validated ApplicationOperation JSON. Returns the appId.
  virtual Outcome<std::string> SubmitAppOperation(const nlohmann::json& operation) = 0;
  // False when nothing is cancellable ("Current operation could not be cancelled").
  virtual bool CancelAppOperation(const std::string& app_id) = 0;
  // {appId: AppSummary} as JSON text (kept per app, so a large list costs a copy, not a build).
  virtual std::string ListAppsJson(int64_t from, int64_t size) = 0;
  virtual std::optional<nlohmann::json> AppSummary(const std::string& app_id) = 0;
  virtual std::optional<nlohmann::json> AppSpec(const std::string& app_id) = 0;  // unmasked
  // ACTIVE instances (old=false) or the rest (old=true); unknown app -> empty list.
  virtual nlohmann::json AppInstances(const std::string& app_id, bool old) = 0;
  virtual std::optional<nlohmann::json> AppInstance(const std::string& app_id,
                                                    const std::string& instance_id) = 0;

  // Local services (drove-api.md 2.4). `operation` is the parsed + validated
  // LocalServiceOperation JSON. Returns the serviceId.
  virtual Outcome<std::string> SubmitLocalServiceOperation(const nlohmann::json& operation) = 0;
  virtual bool CancelLocalServiceOperation(const std::string& service_id) = 0;
  virtual nlohmann::json ListLocalServices(int64_t from, int64_t size) = 0;  // {id: Summary}
  virtual std::optional<nlohmann::json> LocalServiceSummary(const std::string& service_id) = 0;
  virtual std::optional<nlohmann::json> LocalServiceSpec(const std::string& service_id) = 0;
  // LocalServiceInstanceInfo[]: ACTIVE ones (old=false) or the rest; nullopt for an unknown service.
  virtual std::optional<nlohmann::json> LocalServiceInstances(const std::string& service_id,
                                                              bool old) = 0;
  virtual std::optional<nlohmann::json> LocalServiceInstance(const std::string& service_id,
                                                             const std::string& instance_id) = 0;
  // GET /internal/cluster/executors/{id}/instances/last|current (ModelState::ExecutorInstanceIds);
  // nullopt when the executor has sent no snapshot.
  virtual std::optional<nlohmann::json> ExecutorInstanceIds(const std::string& executor_id,
                                                            bool last) = 0;
  // {cpus, memory, requiredInstances} over the ACTIVE and CONFIG_TESTING services.
  virtual nlohmann::json ReservedResources() = 0;

  // Placement rule dry run (drove-api.md 2.2): `policy` is a parsed, validated RULE_BASED policy
  // (rule and ruleType present), `scheduling_info` Drove's SchedulingInfo or null.
  // Returns {status, checkResult, evalResult, executors} (engine/rule_dry_run.h).
  virtual nlohmann::json DryRunPlacementRule(const nlohmann::json& policy,
                                             const nlohmann::json& scheduling_info) = 0;

  // Tasks. `operation` is the parsed + validated TaskOperation JSON. Returns the taskId reply value.
  virtual Outcome<std::string> SubmitTaskOperation(const nlohmann::json& operation) = 0;
  virtual nlohmann::json ListTasks() = 0;  // TaskInfo[] in ACTIVE states
  virtual std::optional<nlohmann::json> Task(const std::string& source_app,
                                             const std::string& task_id) = 0;
  virtual bool DeleteTask(const std::string& source_app, const std::string& task_id) = 0;

  // Cluster.
  virtual nlohmann::json ClusterSummary() = 0;
  virtual nlohmann::json Executors() = 0;  // ExecutorSummary[]
  virtual std::optional<nlohmann::json> Executor(const std::string& executor_id) = 0;
  // Empty on a node that does not lead (it holds no model).
  virtual ClusterGauges Gauges() = 0;
  // The core's own counters and histograms (operations finished, store calls, leadership
  // changes), on every node.
  virtual void WriteMetrics(core::PrometheusText& out) = 0;

  // Maintenance mode (drove-api.md 1.7): stores MAINTENANCE (on) or NORMAL and emits
  // MAINTENANCE_MODE_SET / _REMOVED. Returns ClusterStateData {state, updated}; nullopt when the
  // state could not be stored.
  virtual std::optional<nlohmann::json> SetMaintenance(bool on) = 0;
  // MAINTENANCE, or within the settle time after the last change: operations are refused.
  virtual bool InMaintenanceWindow() = 0;
  // Two-phase blacklisting: BlacklistOperationResponse {successful, failed,
  // approxCompletionTimeMs, message}. Unknown ids (and, to blacklist, BLACKLISTED ones) fail.
  virtual nlohmann::json BlacklistExecutors(const std::vector<std::string>& executor_ids) = 0;
  virtual nlohmann::json UnblacklistExecutors(const std::vector<std::string>& executor_ids) = 0;

  // Endpoints view (ExposedAppInfo[]), filtered by app names when non-empty, with its generation.
  virtual nlohmann::json Endpoints(const std::set<std::string>& app_names, uint64_t* generation) = 0;
  virtual uint64_t EndpointsGeneration() = 0;
  // Called (from any thread) each time the endpoints view changes, with the new generation.
  virtual void OnEndpointsChanged(std::function<void(uint64_t)> listener) = 0;

  // Events (drove-api.md 2.1 event store semantics; EventsSince pages from the oldest when more
  // than `size` are new, see model/event_store.h).
  virtual nlohmann::json EventsSince(int64_t last_sync_time, int size) = 0;   // {events, lastSyncTime}
  virtual nlohmann::json EventsSummary(int64_t last_sync_time) = 0;           // {eventsCount, lastSyncTime}
  // The event store itself: sequence-numbered reads and listeners for the live stream, figures.
  virtual EventStore& Events() = 0;

  // Executor -> controller messages (docs/internals.md). Refusal on a malformed message.
  virtual core::Status HandleExecutorMessage(const nlohmann::json& message) = 0;

  // Log proxy: which executor holds an app or local-service instance (an SI- id) / a task (by
  // sourceAppName + user taskId).
  virtual std::optional<ExecutorAddress> LocateAppInstance(const std::string& app_id,
                                                           const std::string& instance_id) = 0;
  virtual std::optional<ExecutorAddress> LocateTask(const std::string& source_app,
                                                    const std::string& task_id) = 0;
};

}  // namespace drove::controller
