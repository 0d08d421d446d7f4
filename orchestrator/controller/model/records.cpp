// JSON mapping of the controller's stored records and the tolerant field readers.
#include "orchestrator/controller/model/records.h"

#include <chrono>

#include "orchestrator/core/model/json_fields.h"

namespace drove::controller {
namespace {

using nlohmann::json;

struct OpKindName_ {
  OpKind kind;
  std::string_view name;
};
constexpr OpKindName_ kOpKindNames[] = {
    {OpKind::kScale, "SCALE"},
    {OpKind::kStopInstances, "STOP_INSTANCES"},
    {OpKind::kReplaceInstances, "REPLACE_INSTANCES"},
    {OpKind::kDestroy, "DESTROY"},
};

}  // namespace

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string StrField(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t IntField(const json& j, const char* key, int64_t fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : fallback;
}

core::InstanceState InstanceStateOf(const json& info) {
  auto state = core::ParseEnum<core::InstanceState>(StrField(info, "state"));
  return state.value_or(core::InstanceState::kUnknown);
}

json AppToJson(const AppRecord& app) {
  return json{{"appId", app.app_id},
              {"spec", app.spec},
              {"instances", app.instances},
              {"state", core::ToString(app.state)},
              {"created", app.created},
              {"updated", app.updated}};
}

core::Result<AppRecord> AppFromJson(const json& j) {
  AppRecord app;
  app.app_id = StrField(j, "appId");
  if (app.app_id.empty() || !j.contains("spec")) {
    return core::Result<AppRecord>::Error("app record without appId or spec");
  }
  app.spec = j.at("spec");
  app.instances = IntField(j, "instances");
  auto state = core::ParseEnum<core::ApplicationState>(StrField(j, "state"));
  if (!state) return core::Result<AppRecord>::Error("app record " + app.app_id + ": bad state");
  app.state = *state;
  app.created = IntField(j, "created");
  app.updated = IntField(j, "updated");
  return app;
}

SpecFacts ReadResourceFacts(const json& spec) {
  SpecFacts facts;
  if (auto it = spec.find("resources"); it != spec.end() && it->is_array()) {
    for (const auto& r : *it) {
      std::string type = StrField(r, "type");
      if (type == "CPU") facts.cores += IntField(r, "count");
      if (type == "MEMORY") facts.memory_mb += IntField(r, "sizeInMB");
    }
  }
  return facts;
}

SpecFacts ReadSpecFacts(const json& spec) {
  SpecFacts facts = ReadResourceFacts(spec);
  if (auto it = spec.find("placementPolicy"); it != spec.end() && !it->is_null()) {
    auto policy = core::ParsePlacementPolicy(*it, "placementPolicy");
    if (policy.ok()) facts.policy = policy.value();
  }
  return facts;
}

json ExecutorToJson(const ExecutorRecord& executor) {
  return json{{"executorId", executor.executor_id},
              {"hostname", executor.hostname},
              {"port", executor.port},
              {"transportType", executor.transport_type},
              {"tags", executor.tags},
              {"metadata", executor.metadata},
              {"layout", executor.layout},
              {"executorState", core::ToString(executor.state)}};
}

core::Result<ExecutorRecord> ExecutorFromJson(const json& j) {
  ExecutorRecord executor;
  executor.executor_id = StrField(j, "executorId");
  executor.hostname = StrField(j, "hostname");
  executor.port = static_cast<int>(IntField(j, "port"));
  if (executor.executor_id.empty() || executor.hostname.empty() || executor.port <= 0) {
    return core::Result<ExecutorRecord>::Error(
        "executor record without executorId, hostname or port");
  }
  std::string transport = StrField(j, "transportType");
  executor.transport_type = transport.empty() ? "HTTP" : transport;
  if (auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
    for (const auto& tag : *tags) {
      if (tag.is_string()) executor.tags.push_back(tag.get<std::string>());
    }
  }
  executor.metadata = j.value("metadata", json::object());
  executor.layout = j.value("layout", json::object());
  auto state = core::ParseEnum<core::ExecutorState>(StrField(j, "executorState"));
  if (!state) {
    return core::Result<ExecutorRecord>::Error("executor record " + executor.executor_id +
                                               ": bad executorState");
  }
  executor.state = *state;
  return executor;
}

core::Result<core::InstanceInfo> InstanceFromJson(const json& j) {
  auto info = core::ParseJson<core::InstanceInfo>(j);
  if (!info.ok()) return info;
  if (info->app_id.empty() || info->instance_id.empty()) {
    return core::Result<core::InstanceInfo>::Error("instance record without appId or instanceId");
  }
  return info;
}

json TaskToJson(const TaskRecord& task) { return json{{"info", task.info}, {"spec", task.spec}}; }

core::Result<TaskRecord> TaskFromJson(const json& j) {
  auto info = j.is_object() && j.contains("info")
                  ? core::ParseJson<core::TaskInfo>(j.at("info"))
                  : core::Result<core::TaskInfo>::Error("task record without info");
  if (!info.ok()) return info.status();
  if (info->task_id.empty() || info->instance_id.empty()) {
    return core::Result<TaskRecord>::Error("task record without taskId or instanceId");
  }
  return TaskRecord{std::move(info).value(), j.value("spec", json::object())};
}

std::string TaskKey(const std::string& source_app, const std::string& task_id) {
  return source_app + "/" + task_id;
}

std::string TaskKey(const core::TaskInfo& info) {
  return TaskKey(info.source_app_name, info.task_id);
}

std::string_view OpKindName(OpKind kind) {
  for (const auto& entry : kOpKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "SCALE";
}

json OperationToJson(const OperationRecord& op) {
  return json{{"appId", op.app_id},       {"kind", OpKindName(op.kind)},
              {"sourceType", op.source_type}, {"target", op.target},
              {"instanceIds", op.instance_ids}, {"skipRespawn", op.skip_respawn},
              {"stopFirst", op.stop_first},   {"parallelism", op.parallelism},
              {"timeoutMs", op.timeout_ms},   {"started", op.started}};
}

core::Result<OperationRecord> OperationFromJson(const json& j) {
  OperationRecord op;
  op.app_id = StrField(j, "appId");
  if (op.app_id.empty()) return core::Result<OperationRecord>::Error("operation without appId");
  std::string kind = StrField(j, "kind");
  bool known = false;
  for (const auto& entry : kOpKindNames) {
    if (entry.name == kind) {
      op.kind = entry.kind;
      known = true;
    }
  }
  if (!known) return core::Result<OperationRecord>::Error("operation kind unknown: " + kind);
  op.source_type = StrField(j, "sourceType");
  op.target = IntField(j, "target");
  if (auto it = j.find("instanceIds"); it != j.end() && it->is_array()) {
    for (const auto& id : *it) {
      if (id.is_string()) op.instance_ids.push_back(id.get<std::string>());
    }
  }
  op.skip_respawn = j.value("skipRespawn", false);
  op.stop_first = j.value("stopFirst", false);
  op.parallelism = static_cast<int>(IntField(j, "parallelism", 1));
  op.timeout_ms = IntField(j, "timeoutMs", 300000);
  op.started = IntField(j, "started");
  return op;
}

}  // namespace drove::controller
