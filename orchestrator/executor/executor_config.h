// The executor's YAML configuration (docs/internals.md schema), loaded strictly: unknown keys
// and bad values are refused as `file:key: reason`.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/executor/container/container_security.h"
#include "orchestrator/executor/engine/registry_auth.h"
#include "orchestrator/executor/resources/metadata_providers.h"

namespace drove::executor {

struct ExecutorConfig {
  std::string server_host = "0.0.0.0";
  int server_port = 3000;
  core::HttpServerOptions server_options;  // server's limits (http_server_config.h); tls apart
  // tls: HTTPS (and transportType HTTPS) when certFile and keyFile are set; caFile verifies
  // https:// controllers, which get this node's certificate when they ask for one
  core::TlsConfig tls;
  std::string hostname;  // default: gethostname()
  // Reported as instances' localInfo.hostname and tasks' hostname, injected as HOST (default:
  // hostname). For hosts whose containers' published ports answer on another address than the
  // executor's own (e.g. the engine runs in another network namespace).
  std::string instance_hostname;
  // Base URLs, http:// or https:// (verified with tls.caFile).
  std::vector<std::string> controllers = {"http://127.0.0.1:4000"};
  std::string secret = "DefaultExecutorSecret";              // we send it to controllers
  std::string controller_secret = "DefaultControllerSecret";  // controllers send it to us
  std::string engine_socket = "/var/run/docker.sock";
  std::string log_dir = "/var/log/drove/executor";
  std::chrono::milliseconds snapshot_interval{5000};
  // How often each running container's usage is read from the engine for /metrics.
  std::chrono::milliseconds metrics_interval{10000};
  std::vector<int> os_cores;
  int exposed_mem_percentage = 100;
  bool disable_numa_pinning = false;
  std::vector<std::string> tags;
  std::map<std::string, std::string> metadata;  // resources.metadata (static)
  MetadataConfig metadata_config;               // metadata.{metadataProviders, ...}
  bool over_provisioning = false;
  int cpu_multiplier = 1;
  int memory_multiplier = 1;
  std::string log_level = "INFO";
  // Drove's `cacheImages`: false removes an image once no container of the executor's uses it
  // (hosts with little disk); true (the default) keeps it for the next start.
  bool cache_images = true;
  // dockerAuth.entries: registry host -> {type: CREDENTIALS, username, password}
  RegistryAuth docker_auth;
  // containerSecurity: least privilege applied to every container (defaults in the struct).
  ContainerSecurity container_security;
};

core::Result<ExecutorConfig> LoadExecutorConfig(const std::string& path);
// Same rules for text already in memory (`name` is used in messages).
core::Result<ExecutorConfig> ParseExecutorConfig(const std::string& text, const std::string& name);

}  // namespace drove::executor
