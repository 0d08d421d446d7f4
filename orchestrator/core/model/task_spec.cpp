// JSON mapping of TaskSpec.
#include "orchestrator/core/model/task_spec.h"

#include "orchestrator/core/model/deployable_spec_json.h"
#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

std::string TaskInternalId(const std::string& source_app_name, const std::string& task_id) {
  return source_app_name + "-" + task_id;
}

std::string TaskInternalId(const TaskSpec& spec) {
  return TaskInternalId(spec.source_app_name, spec.task_id);
}

void to_json(nlohmann::json& j, const TaskSpec& v) {
  j = nlohmann::json::object();
  j["sourceAppName"] = v.source_app_name;
  j["taskId"] = v.task_id;
  SetIfPresent(j, "executable", v.executable);
  SetIfPresent(j, "volumes", v.volumes);
  SetIfPresent(j, "configs", v.configs);
  SetIfPresent(j, "logging", v.logging);
  j["resources"] = v.resources;
  SetIfPresent(j, "placementPolicy", v.placement_policy);
  SetIfPresent(j, "tags", v.tags);
  SetIfPresent(j, "env", v.env);
  SetIfPresent(j, "args", v.args);
  SetIfPresent(j, "devices", v.devices);
  SetIfPresent(j, "userSpec", v.user_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, TaskSpec* out) {
  ObjectReader r(j, path);
  TaskSpec v;
  v.source_app_name = r.String("sourceAppName");
  v.task_id = r.String("taskId");
  v.executable = r.Opt<Executable>("executable");
  v.volumes = r.OptList<MountedVolume>("volumes");
  v.configs = r.OptList<ConfigSpec>("configs");
  v.logging = r.Opt<LoggingSpec>("logging");
  v.resources = r.List<ResourceRequirement>("resources");
  v.placement_policy = r.Opt<PlacementPolicy>("placementPolicy");
  v.tags = r.OptStringMap("tags");
  v.env = r.OptStringMap("env");
  v.args = r.OptList<std::string>("args");
  if (const auto* d = r.Find("devices")) v.devices = ReadDevices(*d, r.PathOf("devices"));
  v.user_spec = r.Opt<UserSpec>("userSpec");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, TaskSpec& v) { ReadJson(j, "", &v); }

Result<TaskSpec> ParseTaskSpec(const nlohmann::json& j) { return ParseJson<TaskSpec>(j); }

TaskSpec MaskTaskSpec(const TaskSpec& spec) { return internal::MaskDeployableSpec(spec); }

}  // namespace drove::core
