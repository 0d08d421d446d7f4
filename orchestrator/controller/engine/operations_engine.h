// The operations engine: one thread that reconciles the cluster model with the executors.
//
// Owner: the controller core owns one engine. Its thread ticks every `tick` and when signalled;
// each tick expires lost executors/instances, moves instances off blacklisted executors
// (blacklisting.h), plans every app (app_planner.h) and local service (local_service_planner.h),
// places new instances (write-ahead, via the model) and sends start/stop messages. In the maintenance window (maintenance set, or within
// maintenance_settle_ms of its last change) nothing is expired, no blacklist move starts and the
// monitor replaces no missing instance; operations already running go on. Delivery is
// level-triggered: a message that failed is simply sent again on a later tick, and after a
// restart the stored operations are re-planned from the stored instances. The send queues below
// are touched only by the engine thread, except the inbox, which is guarded by mu_.
//
// Scheduling sessions (Drove's soft locks): an operation's placements are recorded in the
// scheduler the moment they are made (PENDING, stored write-ahead), so every later placement of
// the same operation, and every capacity pre-check of any other operation, sees them. An
// instance placed but not yet handed to its executor belongs to the operation that placed it;
// when that operation ends without it (cancelled, timed out, superseded) the instance is marked
// STOPPED and its cores and memory go back to the scheduler instead of being started late.
#pragma once

#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "orchestrator/controller/engine/app_planner.h"
#include "orchestrator/controller/engine/config_resolver.h"
#include "orchestrator/controller/engine/controller_metrics.h"
#include "orchestrator/controller/engine/executor_client.h"
#include "orchestrator/controller/engine/local_service_planner.h"
#include "orchestrator/controller/model/cluster_model.h"
#include "orchestrator/core/fetch/config_fetch.h"

namespace drove::controller {

struct EngineOptions {
  int64_t tick_ms = 250;
  int64_t instance_lost_timeout_ms = 60000;
  int64_t executor_lost_timeout_ms = 30000;
  int64_t start_backoff_ms = 2000;  // after a failed start or placement, per app
  int64_t retry_ms = 1000;          // resend of a message that failed
  int64_t stop_resend_ms = 30000;   // resend of a stop that was accepted but not acted on
  int default_parallelism = 1;
  int64_t default_timeout_ms = 300000;
  // After maintenance is set or unset, outage detection, LOST marking and blacklist moves wait
  // this long (Drove: 2 x the executor refresh interval), as they do while in maintenance.
  int64_t maintenance_settle_ms = 40000;
  // Drove's stale data cleaner: how often it runs (staleCheckInterval) and what it removes.
  int64_t stale_check_interval_ms = 3600 * 1000;
  StaleAges stale;
  // Fetches CONTROLLER_HTTP_FETCH configs at each start (blocking, on the engine thread).
  ConfigFetcher fetch_config = core::FetchHttpConfig;
  // Counts finished operations; null: not counted (tests).
  ControllerMetrics* metrics = nullptr;
};

// Asked at the start of every tick: the current leadership term, 0 while this node must not act.
// A new term drops everything queued in the last one (it belongs to a model that was replaced).
using TermGate = std::function<uint64_t()>;

class OperationsEngine {
 public:
  // `gate` null: always acting, in one term (tests driving Tick directly).
  OperationsEngine(ClusterModel* model, ExecutorClient* client, EngineOptions options, NowFn now,
                   TermGate gate = nullptr);
  ~OperationsEngine();

  void Start();
  void Stop();
  // Wakes the thread for an early tick (new operation, new report).
  void Signal();
  // One reconciliation pass. Called by the thread; tests call it directly without Start().
  void Tick();

  // From any thread: a task was placed and stored (send START_TASK) / must be killed.
  void RequestTaskStart(const std::string& task_key);
  void RequestTaskKill(const std::string& task_key);

 private:
  struct Pending {
    std::string app_id;  // appId or serviceId (instances), or task key (tasks)
    int64_t next_try = 0;
    std::optional<int64_t> session;  // instance starts: `started` of the placing operation
  };

  void Run();
  // False when this tick must not act; resets the queues when the term changed.
  bool EnterTerm();
  void QueueStoredStarts();
  void DrainInbox();
  void DriveApps(bool in_maintenance);
  void ApplyPlan(const AppRecord& app, const std::optional<OperationRecord>& op, const Plan& plan);
  // Local services (local_service_driving.cpp): each service planned and its plan applied.
  void DriveLocalServices(bool in_maintenance);
  void ApplyServicePlan(const LocalServiceRecord& planned, const LocalServicePlan& plan);
  // An operation ended (finished, timed out, destroyed its app): counted with its wall time.
  void CountFinished(const std::optional<OperationRecord>& op, std::string_view result);
  void SendInstanceStarts();
  // Ends an undelivered start: its operation is over (see above) or its executor left ACTIVE.
  void AbandonStart(const std::string& app_id, const std::string& instance_id,
                    const std::string& reason,
                    core::InstanceState state = core::InstanceState::kStopped);
  // Resolves controller-fetched configs and sends one start: true when it is done with
  // (sent, or failed for good), false to try again later.
  bool DeliverInstanceStart(const ExecutorAddress& executor, const core::InstanceInfo& info,
                            const nlohmann::json& spec);
  void SendInstanceStops();
  void SendTaskStarts();
  void SendTaskKills();
  void SendOrphanStops();
  // Every stale_check_interval_ms (first in each term): stale tasks and instance records go, and
  // apps idle in MONITORING for staleAppAge get a DESTROY, as Drove's StaleDataCleaner does.
  void CleanStaleData();

  ClusterModel* model_;
  ExecutorClient* client_;
  const EngineOptions options_;
  const NowFn now_;
  const TermGate gate_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool signalled_ = false;
  bool stopping_ = false;
  std::vector<std::string> inbox_task_starts_;
  std::vector<std::string> inbox_task_kills_;
  std::thread thread_;

  // Engine thread only.
  uint64_t term_ = 0;
  std::map<std::string, Pending> instance_starts_;  // instanceId -> app
  std::map<std::string, Pending> instance_stops_;   // instanceId -> app
  std::map<std::string, Pending> task_starts_;      // task key
  std::map<std::string, Pending> task_kills_;       // task key
  std::map<std::string, int64_t> place_backoff_;    // appId -> no placement before
  std::map<std::string, int64_t> service_backoff_;  // serviceId -> no placement before
  int64_t next_cleanup_ = 0;                        // controller ms
};

}  // namespace drove::controller
