// Validation and acceptance of app and task operations, with Drove's refusal texts.
#include "orchestrator/controller/engine/app_commands.h"

#include <algorithm>
#include <map>
#include <set>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/util/host_path.h"

namespace drove::controller {
namespace {

using core::ApplicationState;
using core::InstanceState;
using nlohmann::json;

template <typename T>
Outcome<T> Refuse(std::string message) {
  Outcome<T> out;
  out.refusal.errors.push_back(std::move(message));
  return out;
}

template <typename T>
Outcome<T> Accept(T value) {
  Outcome<T> out;
  out.value = std::move(value);
  return out;
}

// Drove's internal operation names (SCALE is SCALE_INSTANCES inside Drove).
std::string InternalName(const std::string& type) {
  return type == "SCALE" ? "SCALE_INSTANCES" : type;
}

const std::vector<std::string>& AllowedOps(ApplicationState state) {
  static const std::map<ApplicationState, std::vector<std::string>> kTable = {
      {ApplicationState::kMonitoring, {"START_INSTANCES", "SCALE_INSTANCES", "DESTROY", "RECOVER"}},
      {ApplicationState::kRunning,
       {"START_INSTANCES", "STOP_INSTANCES", "SCALE_INSTANCES", "REPLACE_INSTANCES", "SUSPEND",
        "RECOVER"}},
      {ApplicationState::kScalingRequested, {"SCALE_INSTANCES"}},
  };
  static const std::vector<std::string> kNone;
  auto it = kTable.find(state);
  return it == kTable.end() ? kNone : it->second;
}

std::string StateRefusal(const std::string& app_id, ApplicationState state,
                         const std::string& type) {
  const auto& allowed = AllowedOps(state);
  if (std::find(allowed.begin(), allowed.end(), InternalName(type)) != allowed.end()) return "";
  std::string state_name(core::ToString(state));
  if (allowed.empty()) {
    return "No operations allowed for " + app_id + " as it is in " + state_name + " state";
  }
  std::string list;
  for (const auto& name : allowed) list += (list.empty() ? "" : ", ") + name;
  return "Only [" + list + "] allowed for app " + app_id + " as it is in " + state_name + " state";
}

std::vector<std::string> StringList(const json& op, const char* key) {
  std::vector<std::string> out;
  if (auto it = op.find(key); it != op.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

OperationRecord NewOp(const std::string& app_id, OpKind kind, const std::string& type,
                      const json& operation, const CommandOptions& options, int64_t now) {
  OperationRecord op;
  op.app_id = app_id;
  op.kind = kind;
  op.source_type = type;
  op.parallelism = options.default_parallelism;
  op.timeout_ms = options.default_timeout_ms;
  op.started = now;
  if (auto spec = operation.find("opSpec"); spec != operation.end() && spec->is_object()) {
    op.parallelism = static_cast<int>(std::max<int64_t>(1, IntField(*spec, "parallelism", 1)));
    if (auto timeout = core::Duration::Parse(StrField(*spec, "timeout"))) {
      op.timeout_ms = timeout->ToMillis().count();
    }
  }
  return op;
}

// Volumes must sit under one of the allowed host directories, when any are configured. The
// path is normalised first ("/data/../etc" is "/etc") and compared by whole components ("/data"
// does not allow "/database"). Symlinks cannot be seen from here: the executor re-checks the
// resolved path before it creates the container (executor/container/container_security.h).
std::string CheckMounts(const json& spec, const CommandOptions& options) {
  if (options.allowed_mount_dirs.empty()) return "";
  auto volumes = spec.find("volumes");
  if (volumes == spec.end() || !volumes->is_array()) return "";
  std::string allowed;
  for (const auto& dir : options.allowed_mount_dirs) allowed += (allowed.empty() ? "" : ", ") + dir;
  for (const auto& volume : *volumes) {
    // Drove's text first, so clients matching on it keep working; then the rule.
    const std::string path = StrField(volume, "pathOnHost");
    const std::string refusal = "Volume mount requested on non whitelisted host directory: " + path;
    auto normal = core::NormalHostPath(path);
    if (!normal) return refusal + " (pathOnHost must be an absolute path)";
    if (!core::IsWithinAnyDir(*normal, options.allowed_mount_dirs)) {
      return refusal + " (resolves to " + *normal + ", outside allowedMountDirs [" + allowed + "])";
    }
  }
  return "";
}

bool NonEmptyArray(const json& spec, const char* field) {
  auto it = spec.find(field);
  return it != spec.end() && it->is_array() && !it->empty();
}

int64_t CountInstances(const ModelState& s, const std::string& app_id,
                       const std::set<InstanceState>& states) {
  int64_t n = 0;
  for (const auto& [id, info] : s.InstancesOf(app_id)) n += states.contains(info.state);
  return n;
}

Outcome<std::string> Create(ModelState& s, const json& operation, const CommandOptions& options) {
  const json spec = operation.value("spec", json::object());
  const std::string app_id = StrField(spec, "name") + "-" + StrField(spec, "version");
  if (s.FindApp(app_id) != nullptr) return Refuse<std::string>("App " + app_id + " already exists");
  if (auto error = CheckClusterRules(spec, options); !error.empty()) {
    return Refuse<std::string>(error);
  }
  const int64_t instances = IntField(operation, "instances", 0);
  if (auto error = s.CheckCapacity(app_id, spec, instances); !error.empty()) {
    return Refuse<std::string>(error);
  }
  const int64_t now = s.Now();
  AppRecord app{app_id, spec, instances, ApplicationState::kInit, now, now};
  if (auto st = s.SaveApp(app, nullptr, true); !st.ok()) return RefuseWrite<std::string>(st);
  app.state = instances == 0 ? ApplicationState::kMonitoring : ApplicationState::kScalingRequested;
  OperationRecord op = NewOp(app_id, OpKind::kScale, "CREATE", operation, options, now);
  op.target = instances;
  auto st = s.SaveApp(app, instances == 0 ? nullptr : &op, false);
  return st.ok() ? Accept(app_id) : RefuseWrite<std::string>(st);
}

// START_INSTANCES, SCALE, SUSPEND and RECOVER: a scale to an absolute target, capacity-checked.
Outcome<std::string> Scale(ModelState& s, AppRecord app, int64_t target, const std::string& type,
                           const json& operation, const CommandOptions& options) {
  const int64_t current = CountInstances(
      s, app.app_id,
      {InstanceState::kPending, InstanceState::kProvisioning, InstanceState::kHealthy,
       InstanceState::kStarting, InstanceState::kUnready, InstanceState::kReady});
  if (auto error = s.CheckCapacity(app.app_id, app.spec, target - current); !error.empty()) {
    return Refuse<std::string>(error);
  }
  OperationRecord op = NewOp(app.app_id, OpKind::kScale, type, operation, options, s.Now());
  op.target = target;
  app.instances = target;
  app.state = ApplicationState::kScalingRequested;
  app.updated = s.Now();
  auto st = s.SaveApp(app, &op, false);
  return st.ok() ? Accept(app.app_id) : RefuseWrite<std::string>(st);
}

Outcome<std::string> StopInstances(ModelState& s, AppRecord app, const json& operation,
                                   const CommandOptions& options) {
  std::vector<std::string> ids = StringList(operation, "instanceIds");
  std::string invalid;
  for (const auto& id : ids) {
    const core::InstanceInfo* info = s.FindInstance(app.app_id, id);
    if (info == nullptr || !core::IsActive(info->state)) {
      invalid += (invalid.empty() ? "" : ",") + id;
    }
  }
  if (!invalid.empty()) {
    return Refuse<std::string>("App " + app.app_id +
                               " does not have any instances with the following ids: " + invalid);
  }
  OperationRecord op =
      NewOp(app.app_id, OpKind::kStopInstances, "STOP_INSTANCES", operation, options, s.Now());
  op.instance_ids = ids;
  op.skip_respawn = operation.value("skipRespawn", false);
  if (!op.skip_respawn) {
    // The monitor respawns each stopped instance once it is gone: it must fit then.
    const auto count = static_cast<int64_t>(ids.size());
    if (auto error = s.CheckCapacity(app.app_id, app.spec, count, ids); !error.empty()) {
      return Refuse<std::string>(error);
    }
  }
  if (op.skip_respawn) {
    app.instances = std::max<int64_t>(0, app.instances - static_cast<int64_t>(ids.size()));
  }
  app.state = ApplicationState::kStopInstancesRequested;
  app.updated = s.Now();
  auto st = s.SaveApp(app, &op, false);
  return st.ok() ? Accept(app.app_id) : RefuseWrite<std::string>(st);
}

// Replace runs `parallelism` new instances at a time: start-first next to every old one (the
// surge), stop-first in the room of the ones stopped just before.
std::string CheckReplaceCapacity(ModelState& s, const AppRecord& app, const OperationRecord& op) {
  const size_t wave = std::min(op.instance_ids.size(), static_cast<size_t>(op.parallelism));
  std::vector<std::string> freed;
  if (op.stop_first) freed.assign(op.instance_ids.begin(), op.instance_ids.begin() + wave);
  return s.CheckCapacity(app.app_id, app.spec, static_cast<int64_t>(wave), freed);
}

Outcome<std::string> ReplaceInstances(ModelState& s, AppRecord app, const json& operation,
                                      const CommandOptions& options) {
  std::vector<std::string> ids = StringList(operation, "instanceIds");
  std::vector<std::string> invalid;
  for (const auto& id : ids) {
    const core::InstanceInfo* info = s.FindInstance(app.app_id, id);
    if (info == nullptr || info->state != InstanceState::kHealthy) invalid.push_back(id);
  }
  if (!invalid.empty()) {
    std::string list;
    for (const auto& id : invalid) list += (list.empty() ? "" : ", ") + id;
    return Refuse<std::string>("There are no replaceable healthy instances with ids: [" + list +
                               "]");
  }
  if (ids.empty()) {
    for (const auto& [id, info] : s.InstancesOf(app.app_id)) {
      if (info.state == InstanceState::kHealthy) ids.push_back(id);
    }
  }
  OperationRecord op = NewOp(app.app_id, OpKind::kReplaceInstances, "REPLACE_INSTANCES",
                             operation, options, s.Now());
  op.instance_ids = ids;
  op.stop_first = operation.value("stopFirst", false);
  if (auto error = CheckReplaceCapacity(s, app, op); !error.empty()) {
    return Refuse<std::string>(error);
  }
  app.state = ApplicationState::kReplaceInstancesRequested;
  app.updated = s.Now();
  auto st = s.SaveApp(app, &op, false);
  return st.ok() ? Accept(app.app_id) : RefuseWrite<std::string>(st);
}

Outcome<std::string> Destroy(ModelState& s, AppRecord app, const json& operation,
                             const CommandOptions& options) {
  OperationRecord op = NewOp(app.app_id, OpKind::kDestroy, "DESTROY", operation, options, s.Now());
  app.state = ApplicationState::kDestroyRequested;
  app.updated = s.Now();
  auto st = s.SaveApp(app, &op, false);
  return st.ok() ? Accept(app.app_id) : RefuseWrite<std::string>(st);
}

}  // namespace

std::string CheckClusterRules(const json& spec, const CommandOptions& options) {
  if (options.disable_cmdl_args && NonEmptyArray(spec, "args")) {
    return "Passing command line to containers is disabled on this cluster";
  }
  if (!options.enable_raw_device_access && NonEmptyArray(spec, "devices")) {
    return "Device access is disabled. To enable, set enableRawDeviceAccess: true in controller "
           "options.";
  }
  return CheckMounts(spec, options);
}

Outcome<std::string> SubmitAppOperation(ModelState& s, const json& operation,
                                        const CommandOptions& options) {
  const std::string type = StrField(operation, "type");
  if (type == "CREATE") return Create(s, operation, options);
  const std::string app_id = StrField(operation, "appId");
  const AppRecord* found = s.FindApp(app_id);
  if (found == nullptr) return Refuse<std::string>("No state found for app: " + app_id);
  if (auto error = StateRefusal(app_id, found->state, type); !error.empty()) {
    return Refuse<std::string>(error);
  }
  AppRecord app = *found;
  if (type == "START_INSTANCES") {
    int64_t healthy = CountInstances(s, app_id, {InstanceState::kHealthy});
    return Scale(s, app, healthy + IntField(operation, "instances"), type, operation, options);
  }
  if (type == "SCALE") {
    return Scale(s, app, IntField(operation, "requiredInstances"), type, operation, options);
  }
  if (type == "SUSPEND") return Scale(s, app, 0, type, operation, options);
  if (type == "RECOVER") return Scale(s, app, app.instances, type, operation, options);
  if (type == "STOP_INSTANCES") return StopInstances(s, app, operation, options);
  if (type == "REPLACE_INSTANCES") return ReplaceInstances(s, app, operation, options);
  if (type == "DESTROY") return Destroy(s, app, operation, options);
  return Refuse<std::string>("Unknown operation type: " + type);
}

bool CancelAppOperation(ModelState& s, const std::string& app_id) {
  const AppRecord* found = s.FindApp(app_id);
  if (found == nullptr || s.FindOperation(app_id) == nullptr) return false;
  AppRecord app = *found;
  app.state = app.instances == 0 ? ApplicationState::kMonitoring : ApplicationState::kRunning;
  app.updated = s.Now();
  return s.SaveApp(app, nullptr, true).ok();
}

TaskCommandResult SubmitTaskOperation(ModelState& s, const json& operation,
                                      const CommandOptions& options) {
  TaskCommandResult result;
  const std::string type = StrField(operation, "type");
  if (type == "CREATE") {
    const json spec = operation.value("spec", json::object());
    const std::string app = StrField(spec, "sourceAppName");
    const std::string task_id = StrField(spec, "taskId");
    const std::string key = TaskKey(app, task_id);
    if (s.FindTask(key) != nullptr) {
      result.outcome = Refuse<std::string>("Task already exists for " + app + "/" + task_id +
                                           " with taskID: " + app + "-" + task_id);
      return result;
    }
    if (auto error = CheckClusterRules(spec, options); !error.empty()) {
      result.outcome = Refuse<std::string>(error);
      return result;
    }
    if (s.executors().empty()) {
      result.outcome = Refuse<std::string>("No executors on cluster");
      return result;
    }
    auto placed = s.PlaceTask(spec);
    if (!placed.ok()) {
      result.outcome = Refuse<std::string>("Cannot place task " + key + ": " + placed.error());
      return result;
    }
    result.start_key = key;
    result.outcome = Accept(app + "-" + task_id);
    return result;
  }
  if (type == "KILL") {
    const std::string app = StrField(operation, "sourceAppName");
    const std::string task_id = StrField(operation, "taskId");
    const TaskRecord* task = s.FindTask(TaskKey(app, task_id));
    if (task == nullptr || !core::IsActive(task->info.state)) {
      result.outcome = Refuse<std::string>("Either task does not exist or has already finished for " +
                                           app + "/" + task_id);
      return result;
    }
    result.kill_key = TaskKey(app, task_id);
    result.outcome = Accept(task_id);
    return result;
  }
  result.outcome = Refuse<std::string>("Unknown task operation type: " + type);
  return result;
}

}  // namespace drove::controller
