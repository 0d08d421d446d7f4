// drove-executor: runs app instances and tasks on this host for the Drove controller.
//   drove-executor --config executor.yml [--check]   (--check: validate the config and exit)
#include <atomic>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/net/config_check.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_reload.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/core/util/uuid.h"
#include "orchestrator/executor/api/executor_api.h"
#include "orchestrator/executor/checks/counted_checker.h"
#include "orchestrator/executor/engine/docker_engine.h"
#include "orchestrator/executor/engine/timed_engine.h"
#include "orchestrator/executor/executor_config.h"
#include "orchestrator/executor/link/controller_link.h"
#include "orchestrator/executor/metrics/container_stats_collector.h"
#include "orchestrator/executor/resources/host_layout.h"
#include "orchestrator/executor/runner/runner_registry.h"

namespace drove::executor {
namespace {

constexpr int64_t kKeepFinishedMs = 60000;  // finished runners stay in snapshots this long

core::PhysicalLayout LayoutOf(const NodeLayout& layout) {
  core::PhysicalLayout out;
  for (const auto& [node, ids] : layout.cores) out.cores[node] = {ids.begin(), ids.end()};
  out.memory = {layout.memory_mb.begin(), layout.memory_mb.end()};
  return out;
}

OfferedCapacity OfferedOf(const NodeLayout& layout) {
  OfferedCapacity out;
  for (const auto& [node, ids] : layout.cores) out.cores += static_cast<int64_t>(ids.size());
  for (const auto& [node, mb] : layout.memory_mb) out.memory_mb += mb;
  return out;
}

int Run(const ExecutorConfig& config) {
  core::SetLogLevel(core::LogLevelNamed(config.log_level));
  std::string executor_id =
      core::UuidV3(config.hostname + ":" + std::to_string(config.server_port));

  auto physical = ReadHostLayout();
  if (!physical.ok()) {
    DLOG_ERROR("cannot read host layout", {{"error", physical.error()}});
    return 1;
  }
  LayoutOptions layout_options{config.os_cores, config.exposed_mem_percentage,
                               config.over_provisioning, config.cpu_multiplier,
                               config.memory_multiplier};
  ResourceLayout layout(*physical, layout_options);
  DockerEngine docker(config.engine_socket, config.docker_auth);
  TimedEngine engine(&docker);
  ContainerStatsCollector container_stats(&engine, executor_id, config.metrics_interval);
  core::CounterFamily check_results = MakeCheckResultsFamily();

  std::atomic<RunnerRegistry*> registry_ptr{nullptr};
  const core::SnapshotExecutor self{
      .executor_id = executor_id,
      .hostname = config.hostname,
      .port = config.server_port,
      .transport_type =
          config.tls.serving() ? core::NodeTransportType::kHttps : core::NodeTransportType::kHttp,
      .layout = LayoutOf(layout.offered()),
      .tags = config.tags,
      .metadata = CollectMetadata(config.metadata, config.metadata_config, ProcessEnvironment())};
  ControllerLink link(
      {config.controllers, config.secret, executor_id, config.snapshot_interval, config.tls},
      [&registry_ptr, self] {
        core::ExecutorSnapshotMessage snapshot;
        snapshot.executor = self;
        if (RunnerRegistry* registry = registry_ptr.load()) {
          snapshot.instances = registry->Instances();
          snapshot.tasks = registry->Tasks();
        }
        return snapshot;
      });

  RunnerContext context;
  context.engine = &engine;
  context.sink = &link;
  context.executor_id = executor_id;
  context.hostname = config.hostname;
  context.instance_hostname = config.instance_hostname;
  context.log_dir = config.log_dir;
  context.cache_images = config.cache_images;
  context.pinning = {&layout, config.disable_numa_pinning};
  context.security = config.container_security;
  context.check_results = &check_results;
  DLOG_INFO("container security",
            {{"noNewPrivileges", context.security.no_new_privileges ? "true" : "false"},
             {"capDrop", std::to_string(context.security.cap_drop.size()) + " capabilities"},
             {"readOnlyRootFs", context.security.read_only_rootfs ? "true" : "false"},
             {"pidsLimit", std::to_string(context.security.pids_limit)},
             {"allowedMountDirs", std::to_string(context.security.allowed_mount_dirs.size())}});
  RunnerRegistry registry(context);

  core::EventLoop loop;
  core::HttpServerOptions server_options = config.server_options;
  server_options.tls = config.tls;
  core::HttpServer server(loop, server_options);
  ExecutorApiOptions api_options;
  api_options.controller_secret = config.controller_secret;
  api_options.log_dir = config.log_dir;
  api_options.offered = OfferedOf(layout.offered());
  api_options.more_metrics = [&](core::PrometheusText& out) {
    WriteExecutorInfo(out, executor_id, config.hostname);
    engine.WriteTo(out);
    check_results.WriteTo(out);
    container_stats.WriteTo(out);
  };
  RegisterExecutorRoutes(server, registry, api_options);
  if (core::Status status = server.Bind(config.server_host, config.server_port); !status.ok()) {
    DLOG_ERROR("cannot listen", {{"error", status.message()}});
    return 1;
  }

  auto adopted = registry.AdoptExisting();
  if (!adopted.ok()) {
    DLOG_WARN("cannot list existing containers", {{"error", adopted.error()}});
  } else {
    DLOG_INFO("adopted existing containers", {{"count", std::to_string(*adopted)}});
  }
  registry_ptr = &registry;
  container_stats.Start();
  link.Start();
  link.RequestSnapshot();
  loop.AddPeriodic(std::chrono::seconds(10), [&registry] { registry.Prune(kKeepFinishedMs); });
  core::ReloadTlsOnSighup(loop, {&server}, config.tls);
  loop.StopOnSignals();
  DLOG_INFO("executor started", {{"executorId", executor_id},
                                 {"hostname", config.hostname},
                                 {"instanceHostname", config.instance_hostname},
                                 {"port", std::to_string(config.server_port)},
                                 {"transportType", config.tls.serving() ? "HTTPS" : "HTTP"}});
  loop.Run();

  // Containers keep running; a restarted executor adopts them from their labels.
  DLOG_INFO("executor stopping; containers are left running", {{"executorId", executor_id}});
  registry.AbandonAll();
  container_stats.Stop();
  link.Stop();
  registry_ptr = nullptr;
  return 0;
}

}  // namespace
}  // namespace drove::executor

int main(int argc, char** argv) {
  drove::core::SetLogComponent("executor");
  constexpr const char* kUsage =
      "usage: drove-executor --config executor.yml [--check]\n"
      "       (--check validates the config and the files it names, then exits: no port or\n"
      "        engine connection is opened)\n";
  std::string config_path;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "--check") == 0) {
      check_only = true;
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (config_path.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto config = drove::executor::LoadExecutorConfig(config_path);
  if (!config.ok()) {
    std::cerr << config.error() << "\n";
    return check_only ? 1 : 2;
  }
  // The TLS files are loaded as Bind loads them; no socket, engine or controller is touched.
  if (check_only) {
    return drove::core::ReportConfigCheck("drove-executor", config_path,
                                          drove::core::CheckServingTls(config->tls));
  }
  return drove::executor::Run(*config);
}
