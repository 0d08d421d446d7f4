// Internal: JSON fields shared by ApplicationSpec and LocalServiceSpec (everything but exposureSpec).
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/checks.h"
#include "orchestrator/core/model/configs.h"
#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/model/resources.h"
#include "orchestrator/core/model/spec_parts.h"

namespace drove::core::internal {

template <typename Spec>
void WriteDeployableFields(nlohmann::json& j, const Spec& v) {
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
  SetIfPresent(j, "preShutdown", v.pre_shutdown);
  SetIfPresent(j, "userSpec", v.user_spec);
}

template <typename Spec>
void ReadDeployableFields(const ObjectReader& r, Spec* v) {
  v->name = r.String("name");
  v->version = r.String("version");
  v->type = r.template Opt<JobType>("type");
  v->executable = r.template Opt<Executable>("executable");
  v->exposed_ports = r.template List<PortSpec>("exposedPorts");
  v->volumes = r.template OptList<MountedVolume>("volumes");
  v->configs = r.template OptList<ConfigSpec>("configs");
  v->logging = r.template Opt<LoggingSpec>("logging");
  v->resources = r.template List<ResourceRequirement>("resources");
  v->placement_policy = r.template Opt<PlacementPolicy>("placementPolicy");
  v->healthcheck = r.template Opt<CheckSpec>("healthcheck");
  v->readiness = r.template Opt<CheckSpec>("readiness");
  v->tags = r.OptStringMap("tags");
  v->env = r.OptStringMap("env");
  v->args = r.template OptList<std::string>("args");
  if (const auto* d = r.Find("devices")) v->devices = ReadDevices(*d, r.PathOf("devices"));
  v->pre_shutdown = r.template Opt<PreShutdownSpec>("preShutdown");
  v->user_spec = r.template Opt<UserSpec>("userSpec");
}

template <typename Spec>
Spec MaskDeployableSpec(const Spec& spec) {
  Spec masked = spec;
  if (masked.configs) {
    for (ConfigSpec& c : *masked.configs) c = MaskConfigSpec(c);
  }
  return masked;
}

}  // namespace drove::core::internal
