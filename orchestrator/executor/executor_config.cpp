// Reads executor.yml through core's strict ConfigFile.
#include "orchestrator/executor/executor_config.h"

#include <unistd.h>

#include <algorithm>
#include <regex>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/http_server_config.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::executor {
namespace {

core::Result<std::chrono::milliseconds> ParseInterval(std::string_view text) {
  auto duration = core::Duration::Parse(text);
  if (!duration) return core::Status::Error("cannot parse duration \"" + std::string(text) + "\"");
  auto millis = duration->ToMillis();
  if (millis.count() < 100) return core::Status::Error("must be at least 100ms");
  return millis;
}

std::string LocalHostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

MetadataProviderConfig ReadProvider(const core::ConfigNode& providers, const std::string& name) {
  core::ConfigNode node = providers.Child(name);
  MetadataProviderConfig provider;
  provider.name = name;
  if (!node.Has("type")) {
    node.Error("type", "is required (CONFIGURED or ENVIRONMENT)");
    return provider;
  }
  if (node.Enum("type", "CONFIGURED", {"CONFIGURED", "ENVIRONMENT"}) == "CONFIGURED") {
    if (!node.Has("metadata")) node.Error("metadata", "is required for a CONFIGURED provider");
    provider.metadata = node.StringMap("metadata");
    return provider;
  }
  provider.type = MetadataProviderConfig::Type::kEnvironment;
  provider.whitelisted_variables = node.StringList("whitelistedVariables");
  if (provider.whitelisted_variables.empty()) {
    node.Error("whitelistedVariables", "must list at least one variable name pattern");
  }
  for (const auto& pattern : provider.whitelisted_variables) {
    try {
      std::regex check(pattern);
    } catch (const std::regex_error& e) {
      node.Error("whitelistedVariables", "\"" + pattern + "\" is not a valid regex: " + e.what());
    }
  }
  return provider;
}

MetadataConfig ReadMetadataConfig(const core::ConfigNode& node) {
  MetadataConfig config;
  core::ConfigNode providers = node.Child("metadataProviders");
  std::vector<std::string> names = providers.Keys();
  std::sort(names.begin(), names.end());
  for (const auto& name : names) config.providers.push_back(ReadProvider(providers, name));
  config.value_max_limit = static_cast<int>(node.Int("valueMaxLimit", 1024, 1, 1 << 20));
  config.blacklisted_keys = node.StringList("blacklistedKeys");
  return config;
}

// dockerAuth (Drove's DockerAuthConfig): entries keyed by registry host, CREDENTIALS only.
RegistryAuth ReadDockerAuth(const core::ConfigNode& node) {
  RegistryAuth auth;
  core::ConfigNode entries = node.Child("entries");
  for (const auto& registry : entries.Keys()) {
    core::ConfigNode entry = entries.Child(registry);
    entry.Enum("type", "CREDENTIALS", {"CREDENTIALS"});
    RegistryCredentials credentials{entry.String("username"), entry.String("password")};
    if (credentials.username.empty()) entry.Error("username", "must not be empty");
    auth[registry] = credentials;
  }
  return auth;
}

// containerSecurity.ulimits: name -> {soft, hard}; hard defaults to soft.
std::vector<Ulimit> ReadUlimits(const core::ConfigNode& node) {
  std::vector<Ulimit> ulimits;
  for (const auto& name : node.Keys()) {
    core::ConfigNode limit = node.Child(name);
    if (!limit.Has("soft")) limit.Error("soft", "is required");
    int64_t soft = limit.Int("soft", 0, 0);
    int64_t hard = limit.Int("hard", soft, 0);
    if (hard < soft) limit.Error("hard", "must be at least soft");
    if (!IsKnownUlimit(name)) {
      node.Error(name,
                 "unknown ulimit (known: core, cpu, data, fsize, locks, memlock, msgqueue, "
                 "nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)");
      continue;
    }
    ulimits.push_back({name, soft, hard});
  }
  return ulimits;
}

ContainerSecurity ReadContainerSecurity(const core::ConfigNode& node) {
  ContainerSecurity security;
  security.no_new_privileges = node.Bool("noNewPrivileges", security.no_new_privileges);
  security.cap_drop.clear();
  for (const auto& name : node.StringList("capDrop", DefaultCapDrop())) {
    std::string canonical = CanonicalCapability(name);
    if (canonical.empty()) {
      node.Error("capDrop", "\"" + name + "\" is not a Linux capability");
    } else {
      security.cap_drop.push_back(canonical);
    }
  }
  security.read_only_rootfs = node.Bool("readOnlyRootFs", security.read_only_rootfs);
  security.tmpfs = node.StringList("tmpfs", security.tmpfs);
  for (const auto& path : security.tmpfs) {
    if (path.empty() || path.front() != '/') {
      node.Error("tmpfs", "\"" + path + "\" is not absolute");
    }
  }
  security.pids_limit = node.Int("pidsLimit", security.pids_limit, 0, 1 << 22);
  security.ulimits = ReadUlimits(node.Child("ulimits"));
  security.allowed_mount_dirs = node.StringList("allowedMountDirs");
  for (const auto& dir : security.allowed_mount_dirs) {
    if (dir.empty() || dir.front() != '/') {
      node.Error("allowedMountDirs", "\"" + dir + "\" is not an absolute path");
    }
  }
  return security;
}

core::Result<ExecutorConfig> Read(core::Result<core::ConfigFile> file) {
  if (!file.ok()) return file.status();
  core::ConfigNode root = file->root();
  ExecutorConfig config;
  core::ConfigNode server = root.Child("server");
  config.server_host = server.String("host", config.server_host);
  config.server_port = static_cast<int>(server.Int("port", config.server_port, 1, 65535));
  config.server_options = core::ReadHttpServerOptions(server, config.server_options);
  config.tls = core::ReadTlsConfig(root.Child("tls"));
  config.hostname = root.String("hostname", LocalHostname());
  config.instance_hostname = root.String("instanceHostname", config.hostname);
  if (config.instance_hostname.empty()) root.Error("instanceHostname", "must not be empty");
  config.controllers = root.StringList("controllers", config.controllers);
  if (config.controllers.empty()) root.Error("controllers", "at least one controller is needed");
  for (size_t i = 0; i < config.controllers.size(); ++i) {
    if (auto url = core::HttpTarget::Parse(config.controllers[i]); !url.ok()) {
      root.Error("controllers[" + std::to_string(i) + "]", url.error());
    }
  }
  core::ConfigNode auth = root.Child("clusterAuth");
  config.secret = auth.String("secret", config.secret);
  config.controller_secret = auth.String("controllerSecret", config.controller_secret);
  config.engine_socket = root.Child("engine").String("socket", config.engine_socket);
  config.log_dir = root.String("logDir", config.log_dir);
  config.snapshot_interval = root.Value<std::chrono::milliseconds>(
      "snapshotInterval", config.snapshot_interval, ParseInterval);
  config.metrics_interval = root.Value<std::chrono::milliseconds>(
      "metricsInterval", config.metrics_interval, ParseInterval);
  core::ConfigNode resources = root.Child("resources");
  for (int64_t core_id : resources.IntList("osCores", {}, 0, 4095)) {
    config.os_cores.push_back(static_cast<int>(core_id));
  }
  config.exposed_mem_percentage =
      static_cast<int>(resources.Int("exposedMemPercentage", 100, 1, 100));
  config.disable_numa_pinning = resources.Bool("disableNUMAPinning", false);
  config.tags = resources.StringList("tags");
  config.metadata = resources.StringMap("metadata");
  config.metadata_config = ReadMetadataConfig(root.Child("metadata"));
  core::ConfigNode over = resources.Child("overProvisioning");
  config.over_provisioning = over.Bool("enabled", false);
  config.cpu_multiplier = static_cast<int>(over.Int("cpuMultiplier", 1, 1, 100));
  config.memory_multiplier = static_cast<int>(over.Int("memoryMultiplier", 1, 1, 100));
  config.log_level = root.Enum("logLevel", "INFO", {"DEBUG", "INFO", "WARN", "ERROR"});
  config.cache_images = root.Bool("cacheImages", config.cache_images);
  config.docker_auth = ReadDockerAuth(root.Child("dockerAuth"));
  config.container_security = ReadContainerSecurity(root.Child("containerSecurity"));
  if (core::Status status = file->Finish(); !status.ok()) return status;
  return config;
}

}  // namespace

core::Result<ExecutorConfig> LoadExecutorConfig(const std::string& path) {
  return Read(core::ConfigFile::Load(path));
}

core::Result<ExecutorConfig> ParseExecutorConfig(const std::string& text, const std::string& name) {
  return Read(core::ConfigFile::Parse(text, name));
}

}  // namespace drove::executor
