// The controller's stored records (apps, tasks, operations, executors) and helpers over Drove JSON.
//
// Instances and tasks are kept as Drove's wire JSON (InstanceInfo / TaskInfo) because that is what
// executors report and what the API returns; the helpers below read the few fields the core needs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// Milliseconds since the epoch; injected so tests drive time.
using NowFn = std::function<int64_t()>;
int64_t SystemNowMs();

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

// A task: its TaskInfo (wire form) and the TaskSpec it was created from (kind "task").
struct TaskRecord {
  nlohmann::json info;
  nlohmann::json spec;
};
std::string TaskKey(const std::string& source_app, const std::string& task_id);  // "app/task"

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

// Field readers tolerant of absent keys.
std::string StrField(const nlohmann::json& j, const char* key);
int64_t IntField(const nlohmann::json& j, const char* key, int64_t fallback = 0);
core::InstanceState InstanceStateOf(const nlohmann::json& info);  // UNKNOWN if unreadable
core::TaskState TaskStateOf(const nlohmann::json& info);          // UNKNOWN if unreadable
// Adds the fields Drove always emits (errorMessage, metadata) when absent.
void NormaliseInstanceInfo(nlohmann::json* info);
void NormaliseTaskInfo(nlohmann::json* info);

}  // namespace drove::controller
