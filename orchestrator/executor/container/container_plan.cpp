// Container creation parameters from Drove specs, mirroring Drove's DockerUtils and run actions.
#include "orchestrator/executor/container/container_plan.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "orchestrator/core/fetch/config_fetch.h"
#include "orchestrator/core/util/base64.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/engine/tar_writer.h"

namespace drove::executor {
namespace {

std::string Join(const std::vector<int>& ids) {
  std::string out;
  for (int id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ContainerConfig BuildContainerConfig(const ContainerRequest& request, const PinningOptions& pinning,
                                     const EnvLookup& host_env) {
  ContainerConfig config;
  config.name = request.name;
  config.image = request.image;
  config.cmd = request.args;
  config.labels = request.labels;
  config.ports = request.ports;
  config.env.push_back("HOST=" + request.hostname);
  for (const auto& [key, value] : request.spec_env) {
    if (!value.empty()) {
      config.env.push_back(key + "=" + value);
      continue;
    }
    // Drove: an empty value means "copy it from the executor's environment", else skip it.
    auto local = host_env(key);
    if (local && !local->empty()) {
      config.env.push_back(key + "=" + *local);
    } else {
      DLOG_WARN("no local value for empty env variable; not set", {{"variable", key}});
    }
  }
  config.env.push_back("DROVE_CONTAINER_ID=" + request.image);  // Drove passes the image here
  for (const auto& [key, value] : request.injected_env) config.env.push_back(key + "=" + value);

  std::vector<int> cores;
  std::set<int> nodes;
  for (const auto& allocation : request.resources) {
    if (allocation.type == core::ResourceType::kCpu) {
      for (const auto& [node, ids] : allocation.cores) {
        std::vector<int> offered(ids.begin(), ids.end());
        std::vector<int> physical =
            pinning.layout != nullptr ? pinning.layout->PhysicalCores(node, offered) : offered;
        cores.insert(cores.end(), physical.begin(), physical.end());
        config.cpu_count += static_cast<int64_t>(ids.size());
      }
    } else {
      for (const auto& [node, mb] : allocation.memory_in_mb) {
        config.memory_bytes += mb * 1024 * 1024;
        nodes.insert(node);
      }
    }
  }
  std::sort(cores.begin(), cores.end());
  cores.erase(std::unique(cores.begin(), cores.end()), cores.end());
  config.cpuset_cpus = Join(cores);
  if (!pinning.disable_numa_pinning) config.cpuset_mems = Join({nodes.begin(), nodes.end()});

  for (const auto& volume : request.volumes) {
    config.binds.push_back({volume.path_on_host,
                            volume.path_in_container.empty() ? volume.path_on_host
                                                             : volume.path_in_container,
                            volume.mode == core::VolumeMode::kReadOnly});
  }
  if (request.user) {
    config.user = request.user->user + (request.user->group ? ":" + *request.user->group : "");
  }
  return config;
}

ContainerRequest InstanceContainerRequest(const core::ApplicationSpec& spec,
                                          const core::InstanceInfo& info,
                                          const std::string& hostname,
                                          const std::string& instance_auth_token) {
  ContainerRequest request;
  request.name = info.app_id + "-" + info.instance_id;
  request.image = spec.executable ? spec.executable->url : "";
  request.hostname = info.local_info && !info.local_info->hostname.empty()
                         ? info.local_info->hostname
                         : hostname;
  request.spec_env = spec.env.value_or(std::map<std::string, std::string>{});
  request.args = spec.args.value_or(std::vector<std::string>{});
  request.volumes = spec.volumes.value_or(std::vector<core::MountedVolume>{});
  request.user = spec.user_spec;
  request.resources = info.resources;
  if (info.local_info) {
    for (const auto& port : spec.exposed_ports) {
      auto mapped = info.local_info->ports.find(port.name);
      if (mapped == info.local_info->ports.end()) continue;
      request.ports.push_back({port.port, port.type == core::PortType::kUdp ? "udp" : "tcp",
                               mapped->second.host_port});
      request.injected_env.emplace_back("PORT_" + std::to_string(port.port),
                                        std::to_string(mapped->second.host_port));
    }
  }
  request.injected_env.emplace_back("DROVE_INSTANCE_ID", info.instance_id);
  request.injected_env.emplace_back("DROVE_EXECUTOR_HOST", hostname);
  request.injected_env.emplace_back("DROVE_APP_ID", info.app_id);
  request.injected_env.emplace_back("DROVE_APP_NAME", info.app_name);
  if (!instance_auth_token.empty()) {
    request.injected_env.emplace_back("DROVE_APP_INSTANCE_AUTH_TOKEN", instance_auth_token);
  }
  request.labels[kLabelJobType] = "SERVICE";
  request.labels[kLabelInstanceId] = info.instance_id;
  request.labels[kLabelAppId] = info.app_id;
  // Labels are readable by anyone who may list the engine's containers: the spec goes masked
  // (inline config data, fetch credentials), which re-adoption does not need.
  request.labels[kLabelSpec] = nlohmann::json(core::MaskApplicationSpec(spec)).dump();
  request.labels[kLabelInfo] = nlohmann::json(info).dump();
  request.labels[kLabelExecutorId] = info.executor_id;
  return request;
}

ContainerRequest TaskContainerRequest(const core::TaskSpec& spec, const core::TaskInfo& info,
                                      const std::string& executor_hostname) {
  ContainerRequest request;
  std::string internal_id = core::TaskInternalId(spec.source_app_name, spec.task_id);
  request.name = internal_id + "-" + info.instance_id;
  request.image = spec.executable ? spec.executable->url : "";
  request.hostname = info.hostname;
  request.spec_env = spec.env.value_or(std::map<std::string, std::string>{});
  request.args = spec.args.value_or(std::vector<std::string>{});
  request.volumes = spec.volumes.value_or(std::vector<core::MountedVolume>{});
  request.user = spec.user_spec;
  request.resources = info.resources;
  request.injected_env.emplace_back(
      "DROVE_EXECUTOR_HOST", executor_hostname.empty() ? info.hostname : executor_hostname);
  request.injected_env.emplace_back("DROVE_TASK_ID", spec.task_id);
  request.injected_env.emplace_back("DROVE_INSTANCE_ID", info.instance_id);
  request.injected_env.emplace_back("DROVE_SOURCE_APP_NAME", spec.source_app_name);
  request.labels[kLabelJobType] = "COMPUTATION";
  request.labels[kLabelInstanceId] = info.instance_id;
  request.labels[kLabelAppId] = internal_id;
  request.labels[kLabelSpec] = nlohmann::json(core::MaskTaskSpec(spec)).dump();  // as above
  request.labels[kLabelInfo] = nlohmann::json(info).dump();
  request.labels[kLabelExecutorId] = info.executor_id;
  return request;
}

core::Result<int> PickFreePort(bool udp) {
  int fd = ::socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (fd < 0) return core::Status::Error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) return core::Status::Error("cannot find a free port");
  return static_cast<int>(ntohs(addr.sin_port));
}

core::Result<std::string> BuildConfigArchive(const std::vector<core::ConfigSpec>& configs) {
  if (configs.empty()) return std::string();
  TarWriter tar;
  for (const auto& config : configs) {
    std::string data;
    switch (config.type) {
      case core::ConfigType::kInline: {
        auto decoded = core::Base64Decode(config.data);
        if (!decoded) return core::Status::Error("bad base64 in config " + config.local_filename);
        data = std::move(*decoded);
        break;
      }
      case core::ConfigType::kExecutorLocalFile: {
        std::ifstream in(config.file_path_on_host, std::ios::binary);
        if (!in) return core::Status::Error("cannot read " + config.file_path_on_host);
        std::stringstream buffer;
        buffer << in.rdbuf();
        data = buffer.str();
        break;
      }
      case core::ConfigType::kExecutorHttpFetch:
      case core::ConfigType::kControllerHttpFetch: {
        // The controller turns CONTROLLER_HTTP_FETCH into INLINE; fetch here if it did not.
        if (!config.http) return core::Status::Error("no http spec for " + config.local_filename);
        auto fetched = core::FetchHttpConfig(*config.http);
        if (!fetched.ok()) return fetched.status();
        data = std::move(fetched).value();
        break;
      }
    }
    if (!tar.AddFile(config.local_filename, data)) {
      return core::Status::Error("config path too long for tar: " + config.local_filename);
    }
  }
  return tar.Finish();
}

}  // namespace drove::executor
