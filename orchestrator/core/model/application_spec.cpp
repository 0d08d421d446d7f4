// JSON mapping of ApplicationSpec, appId and masking.
#include "orchestrator/core/model/application_spec.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

std::string AppId(const std::string& name, const std::string& version) {
  return name + "-" + version;
}

std::string AppId(const ApplicationSpec& spec) { return AppId(spec.name, spec.version); }

void to_json(nlohmann::json& j, const ApplicationSpec& v) {
  j = nlohmann::json::object();
  j["name"] = v.name;
  j["version"] = v.version;
  SetIfPresent(j, "type", v.type);
  SetIfPresent(j, "executable", v.executable);
  j["exposedPorts"] = v.exposed_ports;
  SetIfPresent(j, "volumes", v.volumes);
  SetIfPresent(j, "configs", v.configs);
  SetIfPresent(j, "logging", v.logging);
  j["resources"] = v.resources;
  SetIfPresent(j, "placementPolicy", v.placement_policy);
  SetIfPresent(j, "healthcheck", v.healthcheck);
  SetIfPresent(j, "readiness", v.readiness);
  SetIfPresent(j, "tags", v.tags);
  SetIfPresent(j, "env", v.env);
  SetIfPresent(j, "args", v.args);
  SetIfPresent(j, "devices", v.devices);
  SetIfPresent(j, "exposureSpec", v.exposure_spec);
  SetIfPresent(j, "preShutdown", v.pre_shutdown);
  SetIfPresent(j, "userSpec", v.user_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationSpec* out) {
  ObjectReader r(j, path);
  ApplicationSpec v;
  v.name = r.String("name");
  v.version = r.String("version");
  v.type = r.Opt<JobType>("type");
  v.executable = r.Opt<Executable>("executable");
  v.exposed_ports = r.List<PortSpec>("exposedPorts");
  v.volumes = r.OptList<MountedVolume>("volumes");
  v.configs = r.OptList<ConfigSpec>("configs");
  v.logging = r.Opt<LoggingSpec>("logging");
  v.resources = r.List<ResourceRequirement>("resources");
  v.placement_policy = r.Opt<PlacementPolicy>("placementPolicy");
  v.healthcheck = r.Opt<CheckSpec>("healthcheck");
  v.readiness = r.Opt<CheckSpec>("readiness");
  v.tags = r.OptStringMap("tags");
  v.env = r.OptStringMap("env");
  v.args = r.OptList<std::string>("args");
  if (const auto* d = r.Find("devices")) v.devices = ReadDevices(*d, r.PathOf("devices"));
  v.exposure_spec = r.Opt<ExposureSpec>("exposureSpec");
  v.pre_shutdown = r.Opt<PreShutdownSpec>("preShutdown");
  v.user_spec = r.Opt<UserSpec>("userSpec");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ApplicationSpec& v) { ReadJson(j, "", &v); }

Result<ApplicationSpec> ParseApplicationSpec(const nlohmann::json& j) {
  return ParseJson<ApplicationSpec>(j);
}

ApplicationSpec MaskApplicationSpec(const ApplicationSpec& spec) {
  ApplicationSpec masked = spec;
  if (masked.configs) {
    for (ConfigSpec& c : *masked.configs) c = MaskConfigSpec(c);
  }
  return masked;
}

}  // namespace drove::core
