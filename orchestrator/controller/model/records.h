// The controller's stored records (apps, instances, tasks, operations, executors) and their JSON.
//
// Instances and tasks are the typed core::InstanceInfo / core::TaskInfo; their stored form is
// Drove's wire JSON (what executors report and the API returns). App and task specs stay JSON:
// the API returns them exactly as submitted.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/model/task_info.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// Milliseconds since the epoch; injected so tests drive time.
using NowFn = std::function<int64_t()>;
int64_t SystemNowMs();

// Drove's stale data ages (ControllerOptions), in ms.
struct StaleAges {
  int64_t app_ms = 7LL * 24 * 3600 * 1000;       // staleAppAge
  int64_t instance_ms = 7LL * 24 * 3600 * 1000;  // staleInstanceAge
  int64_t task_ms = 2LL * 24 * 3600 * 1000;      // staleTaskAge
  size_t max_old_instances = 100;                // maxStaleInstancesCount
  int64_t service_ms = 7LL * 24 * 3600 * 1000;   // staleServiceAge
};

// Drove's ApplicationInfo plus the app's state (stored as kind "app").
struct AppRecord {
  std::string app_id;
  nlohmann::json spec;     // ApplicationSpec, unmasked, as submitted
  int64_t instances = 0;   // required instances
  core::ApplicationState state = core::ApplicationState::kInit;
  int64_t created = 0;
  int64_t updated = 0;
};
nlohmann::json AppToJson(const AppRecord& app);
core::Result<AppRecord> AppFromJson(const nlohmann::json& j);

// What the core needs from an ApplicationSpec or TaskSpec.
struct SpecFacts {
  int64_t cores = 0;
  int64_t memory_mb = 0;
  core::PlacementPolicy policy;  // ANY when absent or unreadable
};
SpecFacts ReadSpecFacts(const nlohmann::json& spec);
// Only cores and memory: list views call it per app and need no placement policy parsed.
SpecFacts ReadResourceFacts(const nlohmann::json& spec);

// An app's instances (live and old) by instanceId; stored as kind "instance", InstanceInfo JSON.
using InstanceMap = std::map<std::string, core::InstanceInfo>;
core::Result<core::InstanceInfo> InstanceFromJson(const nlohmann::json& j);

// A task: its TaskInfo and the TaskSpec it was created from (kind "task", {info, spec}).
struct TaskRecord {
  core::TaskInfo info;
  nlohmann::json spec;
};
nlohmann::json TaskToJson(const TaskRecord& task);
core::Result<TaskRecord> TaskFromJson(const nlohmann::json& j);
std::string TaskKey(const std::string& source_app, const std::string& task_id);  // "app/task"
std::string TaskKey(const core::TaskInfo& info);

// An executor as its last snapshot described it, plus the blacklist state the controller owns.
// Everything but the two clocks is also stored (kind "executor", id executorId) when it changes,
// so a new leader places on known executors at once instead of waiting for their snapshots.
struct ExecutorRecord {
  std::string executor_id;
  std::string hostname;
  int port = 0;
  std::string transport_type = "HTTP";
  std::vector<std::string> tags;
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json layout = nlohmann::json::object();
  core::ExecutorState state = core::ExecutorState::kActive;  // never taken from a snapshot
  int64_t last_seen = 0;  // controller clock, for executorLostTimeout
  int64_t updated = 0;
};
// The stored form (no clocks).
nlohmann::json ExecutorToJson(const ExecutorRecord& executor);
core::Result<ExecutorRecord> ExecutorFromJson(const nlohmann::json& j);

// The cluster's maintenance state is Drove's ClusterStateData {state, updated}, stored as kind
// "cluster", id "maintenance" (ZooKeeper /cluster/maintenance).
inline constexpr const char* kMaintenanceRecordId = "maintenance";
// Store id (kind kCluster) of the blacklisted executors that were removed: {executorId: state}.
inline constexpr const char* kOffDutyRecordId = "offduty";

// The operation an app is running (kind "operation", id appId). API operations are normalised:
// START_INSTANCES, SUSPEND, RECOVER and CREATE-with-instances all become kScale.
enum class OpKind { kScale, kStopInstances, kReplaceInstances, kDestroy };
struct OperationRecord {
  std::string app_id;
  OpKind kind = OpKind::kScale;
  std::string source_type;                // the API type it came from, for logs
  int64_t target = 0;                     // kScale
  std::vector<std::string> instance_ids;  // kStopInstances / kReplaceInstances
  bool skip_respawn = false;
  bool stop_first = false;
  int parallelism = 1;
  int64_t timeout_ms = 300000;
  int64_t started = 0;
};
nlohmann::json OperationToJson(const OperationRecord& op);
core::Result<OperationRecord> OperationFromJson(const nlohmann::json& j);
std::string_view OpKindName(OpKind kind);

// Field readers tolerant of absent keys, for what stays JSON (specs, API operations, the
// endpoints view's input).
std::string StrField(const nlohmann::json& j, const char* key);
int64_t IntField(const nlohmann::json& j, const char* key, int64_t fallback = 0);
core::InstanceState InstanceStateOf(const nlohmann::json& info);  // UNKNOWN if unreadable

}  // namespace drove::controller
