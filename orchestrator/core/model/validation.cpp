// Spec validation: the bean-validation constraints and Drove's own spec checks, collected together.
#include "orchestrator/core/model/validation.h"

#include <set>

#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/model/local_service_texts.h"
#include "orchestrator/core/model/validation_errors.h"
#include "orchestrator/core/util/base64.h"

namespace drove::core {
namespace {

using PortNames = std::set<std::string>;

void CheckName(const std::string& value, const std::string& path, Errors& e) {
  if (value.empty()) {
    e.Add(path, "must not be empty");
  } else if (!MatchesNamePattern(value)) {
    e.Add(path, "must match \"" + std::string(kNamePattern) + "\"");
  }
}

void CheckExecutable(const std::optional<Executable>& exe, const std::string& path, Errors& e) {
  if (!e.NotNull(path, exe)) return;
  e.NotEmpty(JoinPath(path, "url"), exe->url);
  e.NotNull(JoinPath(path, "dockerPullTimeout"), exe->docker_pull_timeout);
}

PortNames CheckPorts(const std::vector<PortSpec>& ports, const std::string& path, Errors& e) {
  PortNames names;
  if (ports.empty()) e.Add(path, "must not be empty");
  for (size_t i = 0; i < ports.size(); ++i) {
    const PortSpec& p = ports[i];
    std::string at = IndexPath(path, i);
    if (p.name.empty()) {
      e.Add(JoinPath(at, "name"), "must not be empty");
    } else if (!MatchesNamePattern(p.name)) {
      e.Add(JoinPath(at, "name"), "must match \"" + std::string(kPortNamePattern) + "\"");
    } else if (!names.insert(p.name).second) {
      e.Add(JoinPath(at, "name"), "duplicate port name " + p.name);
    }
    e.Range(JoinPath(at, "port"), p.port, 1, 65535);
    e.NotNull(JoinPath(at, "type"), p.type);
  }
  return names;
}

void CheckVolumes(const std::optional<std::vector<MountedVolume>>& volumes,
                  const std::string& path, Errors& e) {
  if (!volumes) return;
  for (size_t i = 0; i < volumes->size(); ++i) {
    const MountedVolume& v = (*volumes)[i];
    std::string at = IndexPath(path, i);
    e.NotEmpty(JoinPath(at, "pathInContainer"), v.path_in_container);
    e.NotEmpty(JoinPath(at, "pathOnHost"), v.path_on_host);
    e.NotNull(JoinPath(at, "mode"), v.mode);
  }
}

void CheckHttpCall(const std::optional<HttpCallSpec>& http, const std::string& path, Errors& e) {
  if (!e.NotNull(path, http)) return;
  e.NotEmpty(JoinPath(path, "hostname"), http->hostname);
  e.Range(JoinPath(path, "port"), http->port, 0, 65535);
}

void CheckConfigs(const std::optional<std::vector<ConfigSpec>>& configs, const std::string& path,
                  Errors& e) {
  if (!configs) return;
  for (size_t i = 0; i < configs->size(); ++i) {
    const ConfigSpec& c = (*configs)[i];
    std::string at = IndexPath(path, i);
    e.NotEmpty(JoinPath(at, "localFilename"), c.local_filename);
    switch (c.type) {
      case ConfigType::kInline:
        if (c.data.empty()) {
          e.Add(JoinPath(at, "data"), "must not be empty");
        } else if (!Base64Decode(c.data)) {
          e.Add(JoinPath(at, "data"), "must be valid base64");
        }
        break;
      case ConfigType::kExecutorLocalFile:
        e.NotEmpty(JoinPath(at, "filePathOnHost"), c.file_path_on_host);
        break;
      case ConfigType::kControllerHttpFetch:
      case ConfigType::kExecutorHttpFetch:
        CheckHttpCall(c.http, JoinPath(at, "http"), e);
        break;
    }
  }
}

void CheckLogging(const std::optional<LoggingSpec>& logging, const std::string& path, Errors& e) {
  if (!logging) return;
  if (logging->type == LoggingType::kLocal) {
    std::string size_path = JoinPath(path, "maxSize");
    if (logging->max_size.empty()) {
      e.Add(size_path, "must not be empty");
    } else if (!ParseSizeBytes(logging->max_size)) {
      e.Add(size_path, "cannot parse size \"" + logging->max_size + "\"");
    }
    e.Range(JoinPath(path, "maxFiles"), logging->max_files, 1, 100);
  } else {
    e.NotEmpty(JoinPath(path, "server"), logging->server);
  }
}

void CheckResources(const std::vector<ResourceRequirement>& resources, const std::string& path,
                    Errors& e) {
  if (resources.empty()) e.Add(path, "must not be empty");
  bool has_cpu = false;
  bool has_memory = false;
  for (size_t i = 0; i < resources.size(); ++i) {
    const ResourceRequirement& r = resources[i];
    if (r.type == ResourceType::kCpu) {
      has_cpu = true;
      e.Min(JoinPath(IndexPath(path, i), "count"), r.count, 1);
    } else {
      has_memory = true;
      e.Min(JoinPath(IndexPath(path, i), "sizeInMB"), r.size_in_mb, 1);
    }
  }
  if (!has_cpu) e.Add(path, "Cpu requirements are mandatory");
  if (!has_memory) e.Add(path, "Memory requirements are mandatory");
}

void CheckMode(const CheckModeSpec& mode, const std::string& path, Errors& e) {
  if (mode.type == CheckModeType::kHttp) {
    e.NotNull(JoinPath(path, "protocol"), mode.protocol);
    e.NotEmpty(JoinPath(path, "portName"), mode.port_name);
    e.NotEmpty(JoinPath(path, "path"), mode.path);
    e.NotNull(JoinPath(path, "verb"), mode.verb);
    if (mode.success_codes.empty()) e.Add(JoinPath(path, "successCodes"), "must not be empty");
  } else {
    e.NotEmpty(JoinPath(path, "command"), mode.command);
  }
}

std::string ListNames(const PortNames& names) {
  std::string out = "[";
  for (const std::string& n : names) {
    if (out.size() > 1) out += ", ";
    out += n;
  }
  return out + "]";
}

void CheckCheck(const std::optional<CheckSpec>& check, const std::string& path,
                const PortNames& ports, Errors& e) {
  if (!e.NotNull(path, check)) return;
  std::string mode_path = JoinPath(path, "mode");
  if (e.NotNull(mode_path, check->mode)) {
    CheckMode(*check->mode, mode_path, e);
    const CheckModeSpec& m = *check->mode;
    if (m.type == CheckModeType::kHttp && !m.port_name.empty() && !ports.contains(m.port_name)) {
      e.Add(JoinPath(mode_path, "portName"), "Invalid port name for health check: " +
                                                 m.port_name + ". Available ports: " +
                                                 ListNames(ports));
    }
  }
  e.NotNull(JoinPath(path, "timeout"), check->timeout);
  e.NotNull(JoinPath(path, "interval"), check->interval);
  e.Range(JoinPath(path, "attempts"), check->attempts, 1, 100);
}

void CheckPreShutdown(const std::optional<PreShutdownSpec>& pre, const std::string& path,
                      Errors& e) {
  if (!pre) return;
  for (size_t i = 0; i < pre->hooks.size(); ++i) {
    CheckMode(pre->hooks[i], IndexPath(JoinPath(path, "hooks"), i), e);
  }
}

void CheckExposure(const std::optional<ExposureSpec>& exposure, const std::string& path,
                   const PortNames& ports, Errors& e) {
  if (!exposure) return;
  e.NotEmpty(JoinPath(path, "vhost"), exposure->vhost);
  std::string port_path = JoinPath(path, "portName");
  if (exposure->port_name.empty()) {
    e.Add(port_path, "must not be empty");
  } else if (!ports.contains(exposure->port_name)) {
    e.Add(port_path, "Exposed port name " + exposure->port_name +
                         " is undefined. Defined port names: " + ListNames(ports));
  }
}

void CheckArgs(const std::optional<std::vector<std::string>>& args, const std::string& path,
               Errors& e) {
  if (args && args->size() > kMaxArgs) {
    e.Add(path, "must have at most " + std::to_string(kMaxArgs) + " items");
  }
}

void CheckUser(const std::optional<UserSpec>& user, const std::string& path, Errors& e) {
  if (user) e.NotEmpty(JoinPath(path, "user"), user->user);
}

void CheckPlacement(const std::optional<PlacementPolicy>& policy, const std::string& path,
                    std::string_view owner, const ValidationOptions& options, Errors& e) {
  if (!policy) return;
  ValidatePlacementPolicy(*policy, path, e.out(), options.placement_rule_checker);
  if (ContainsLocalPolicy(*policy)) {
    e.Add(path, "Local service placement is not allowed for " + std::string(owner));
  }
}

// Everything ApplicationSpec and LocalServiceSpec share (all but placement and exposure).
template <typename Spec>
PortNames CheckDeployable(const Spec& spec, const std::string& path, Errors& e) {
  auto at = [&path](std::string_view key) { return JoinPath(path, key); };
  CheckName(spec.name, at("name"), e);
  CheckName(spec.version, at("version"), e);
  e.NotNull(at("type"), spec.type);
  CheckExecutable(spec.executable, at("executable"), e);
  PortNames ports = CheckPorts(spec.exposed_ports, at("exposedPorts"), e);
  CheckVolumes(spec.volumes, at("volumes"), e);
  CheckConfigs(spec.configs, at("configs"), e);
  CheckLogging(spec.logging, at("logging"), e);
  CheckResources(spec.resources, at("resources"), e);
  CheckCheck(spec.healthcheck, at("healthcheck"), ports, e);
  CheckCheck(spec.readiness, at("readiness"), ports, e);
  CheckArgs(spec.args, at("args"), e);
  CheckPreShutdown(spec.pre_shutdown, at("preShutdown"), e);
  CheckUser(spec.user_spec, at("userSpec"), e);
  return ports;
}

}  // namespace

bool MatchesNamePattern(std::string_view value) {
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void ValidateApplicationSpecAt(const ApplicationSpec& spec, const std::string& path,
                               std::vector<std::string>* errors,
                               const ValidationOptions& options) {
  Errors e(errors);
  PortNames ports = CheckDeployable(spec, path, e);
  CheckPlacement(spec.placement_policy, JoinPath(path, "placementPolicy"), "apps", options, e);
  CheckExposure(spec.exposure_spec, JoinPath(path, "exposureSpec"), ports, e);
}

void ValidateLocalServiceSpecAt(const LocalServiceSpec& spec, const std::string& path,
                                std::vector<std::string>* errors,
                                const ValidationOptions& options) {
  Errors e(errors);
  CheckDeployable(spec, path, e);
  std::string placement_path = JoinPath(path, "placementPolicy");
  if (spec.placement_policy) {
    ValidatePlacementPolicy(*spec.placement_policy, placement_path, errors,
                            options.placement_rule_checker);
  }
  if (!spec.placement_policy || !ContainsLocalPolicy(*spec.placement_policy)) {
    e.Add(placement_path, local_service_texts::kOnlyLocalPlacement);
  }
}

void ValidateTaskSpecAt(const TaskSpec& spec, const std::string& path,
                        std::vector<std::string>* errors, const ValidationOptions& options) {
  Errors e(errors);
  auto at = [&path](std::string_view key) { return JoinPath(path, key); };
  CheckName(spec.source_app_name, at("sourceAppName"), e);
  CheckName(spec.task_id, at("taskId"), e);
  CheckExecutable(spec.executable, at("executable"), e);
  CheckVolumes(spec.volumes, at("volumes"), e);
  CheckConfigs(spec.configs, at("configs"), e);
  CheckLogging(spec.logging, at("logging"), e);
  CheckResources(spec.resources, at("resources"), e);
  CheckPlacement(spec.placement_policy, at("placementPolicy"), "tasks", options, e);
  CheckArgs(spec.args, at("args"), e);
  CheckUser(spec.user_spec, at("userSpec"), e);
}

void ValidateClusterOpSpecAt(const ClusterOpSpec& op_spec, const std::string& path,
                             std::vector<std::string>* errors) {
  Errors e(errors);
  e.NotNull(JoinPath(path, "timeout"), op_spec.timeout);
  e.Range(JoinPath(path, "parallelism"), op_spec.parallelism, 1, ClusterOpSpec::kMaxParallelism);
  e.NotNull(JoinPath(path, "failureStrategy"), op_spec.failure_strategy);
}

std::vector<std::string> ValidateApplicationSpec(const ApplicationSpec& spec,
                                                 const ValidationOptions& options) {
  std::vector<std::string> errors;
  ValidateApplicationSpecAt(spec, "", &errors, options);
  return errors;
}

std::vector<std::string> ValidateLocalServiceSpec(const LocalServiceSpec& spec,
                                                  const ValidationOptions& options) {
  std::vector<std::string> errors;
  ValidateLocalServiceSpecAt(spec, "", &errors, options);
  return errors;
}

std::vector<std::string> ValidateTaskSpec(const TaskSpec& spec,
                                          const ValidationOptions& options) {
  std::vector<std::string> errors;
  ValidateTaskSpecAt(spec, "", &errors, options);
  return errors;
}

std::vector<std::string> ValidateClusterOpSpec(const ClusterOpSpec& op_spec) {
  std::vector<std::string> errors;
  ValidateClusterOpSpecAt(op_spec, "", &errors);
  return errors;
}

}  // namespace drove::core
