// drove-controller: loads controller.yml, opens the store (and election), starts the core and
// serves /apis/v1. `drove-controller hash-password` hashes a password for controller.yml;
// `--check` validates controller.yml and exits.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "orchestrator/controller/api/controller_api.h"
#include "orchestrator/controller/auth/audit_trail.h"
#include "orchestrator/controller/auth/hash_password_command.h"
#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/controller/coordination_setup.h"
#include "orchestrator/controller/engine/controller_core_factory.h"
#include "orchestrator/core/net/config_check.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_reload.h"
#include "orchestrator/core/util/command_line.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

constexpr int kExitConfig = 2;
constexpr int kExitRuntime = 1;
constexpr int kExitCheckFailed = 1;  // --check: the config would not start

void Usage() {
  std::fprintf(stderr,
               "usage: drove-controller --config <controller.yml> [--ui-dir <dir>] [--check]\n"
               "       (--ui-dir serves the operator UI from <dir>, for UI development;\n"
               "        --check validates the config and the files it names, then exits:\n"
               "        no port, store or ZooKeeper is opened)\n"
               "       drove-controller hash-password   (password on stdin, yescrypt hash out)\n");
}

std::string Hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// The instance-token key is never logged; only where it came from, and a warning for Drove's
// published default, with which anyone can mint tokens.
void LogInstanceAuthSecret(const ControllerConfig& config) {
  if (config.instance_auth_secret.empty()) {
    DLOG_INFO("instanceAuth.secret not set: app-instance tokens use a key derived from the "
              "CONTROLLER cluster secret");
  } else if (config.instance_auth_secret == "DEFAULT_SECRET") {
    DLOG_WARN("instanceAuth.secret is Drove's published default: anyone can mint app-instance "
              "tokens; set your own secret");
  }
}

core::Status CheckUiDirectory(const UiConfig& ui) {
  if (!ui.directory.empty() && !std::filesystem::is_directory(ui.directory)) {
    return core::Status::Error("ui directory " + ui.directory + ": not a directory");
  }
  return core::Status::Ok();
}

// --check: what start-up refuses before it serves (the audit file is not created, TLS files are
// loaded as Bind loads them), with no store, ZooKeeper or socket opened.
int Check(const std::string& path, const ControllerConfig& config) {
  core::Status status = CheckUiDirectory(config.ui);
  if (status.ok()) status = core::AuditTrail::Check(config.audit);
  if (status.ok()) status = core::CheckServingTls(config.tls);
  return core::ReportConfigCheck("drove-controller", path, status);
}

CoreOptions CoreOptionsFrom(const ControllerConfig& config, const std::string& node_id) {
  CoreOptions options;
  options.controller_secret = config.ControllerSecret();
  options.instance_auth_secret = config.InstanceAuthSecret();
  options.instance_token_lifetime = config.instance_token_lifetime;
  options.node_id = node_id;
  options.tls = config.tls;
  options.instance_lost_timeout = config.instance_lost_timeout;
  options.executor_lost_timeout = config.executor_lost_timeout;
  options.maintenance_settle_time = config.maintenance_settle_time;
  options.max_events_storage_duration = config.max_events_storage_duration;
  options.default_op_timeout = config.default_op_spec.timeout;
  options.default_parallelism = config.default_op_spec.parallelism;
  options.allowed_mount_dirs = config.allowed_mount_dirs;
  options.disable_cmdl_args = config.disable_cmdl_args;
  options.enable_raw_device_access = config.enable_raw_device_access;
  options.stale_check_interval = config.stale_check_interval;
  options.stale = StaleAges{config.stale_app_age.count(), config.stale_instance_age.count(),
                            config.stale_task_age.count(),
                            static_cast<size_t>(config.max_stale_instances_count),
                            config.stale_service_age.count()};
  return options;
}

int Run(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "hash-password") == 0) {
    return RunHashPassword(stdin, stdout, stderr);
  }
  const std::string path = core::ConfigPathArg(argc, argv);
  if (path.empty()) {
    Usage();
    return kExitConfig;
  }
  const bool check_only = core::HasFlag(argc, argv, "--check");
  core::Result<ControllerConfig> config = LoadControllerConfig(path);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.error().c_str());
    return check_only ? kExitCheckFailed : kExitConfig;
  }
  // The flag wins over ui.directory: a UI developer points one controller at a work tree.
  if (std::string ui_dir = core::FlagArg(argc, argv, "--ui-dir"); !ui_dir.empty()) {
    config->ui.directory = ui_dir;
  }
  if (check_only) return Check(path, *config);
  if (core::Status ui = CheckUiDirectory(config->ui); !ui.ok()) {
    std::fprintf(stderr, "%s\n", ui.message().c_str());
    return kExitConfig;
  }
  core::SetLogComponent("controller");
  core::SetLogLevel(core::LogLevelNamed(config->log_level));
  auto audit = AuditTrail::Open(config->audit, config->audited_http_methods);
  if (!audit.ok()) {
    std::fprintf(stderr, "%s\n", audit.error().c_str());
    return kExitRuntime;
  }
  const std::string node_id = Hostname() + ":" + std::to_string(config->port);
  // A controller that cannot start says so in one line, so nothing is logged before this.
  auto coordination = OpenCoordination(*config, node_id);
  if (!coordination.ok()) {
    std::fprintf(stderr, "%s\n", coordination.error().c_str());
    return kExitRuntime;
  }
  DLOG_INFO("config loaded",
            {{"file", path}, {"nodeId", node_id},
             {"userAuth", config->user_auth_enabled ? "enabled" : "disabled"},
             {"users", std::to_string(config->users.size())},
             {"bearerTokens", std::to_string(config->tokens.size())},
             {"audit", config->audit.file.empty() ? "log" : config->audit.file},
             {"ui", config->ui.directory.empty() ? "compiled in" : config->ui.directory}});
  LogInstanceAuthSecret(*config);
  std::unique_ptr<ControllerCoreService> core =
      MakeControllerCore(CoreOptionsFrom(*config, node_id), std::move(coordination->store),
                         nullptr, nullptr, std::move(coordination->election));
  core::Status started = core->Start();
  if (!started.ok()) {
    DLOG_ERROR("core start failed", {{"error", started.message()}});
    return kExitRuntime;
  }

  core::EventLoop loop;
  core::HttpServerOptions server_options = config->server_options;
  server_options.tls = config->tls;
  auto server = std::make_unique<core::HttpServer>(loop, server_options);
  auto api = std::make_unique<api::ControllerApi>(core.get(), *config, node_id,
                                                 std::move(audit).value());
  api->Register(server.get());
  core::Status bound = server->Bind(config->host, config->port);
  if (!bound.ok()) {
    DLOG_ERROR("listen failed", {{"host", config->host}, {"port", std::to_string(config->port)},
                                 {"error", bound.message()}});
    api->Stop();
    core->Stop();
    return kExitRuntime;
  }
  DLOG_INFO("serving", {{"host", config->host},
                        {"port", std::to_string(server->port())},
                        {"scheme", config->tls.serving() ? "https" : "http"},
                        {"clientCert", config->tls.require_client_cert ? "required" : "no"}});
  core::ReloadTlsOnSighup(loop, {server.get()}, config->tls);
  loop.StopOnSignals();
  loop.Run();

  DLOG_INFO("shutting down", {{"nodeId", node_id}});
  api->Stop();
  server.reset();
  core->Stop();
  api.reset();
  DLOG_INFO("stopped", {{"nodeId", node_id}});
  return 0;
}

}  // namespace
}  // namespace drove::controller

int main(int argc, char** argv) { return drove::controller::Run(argc, argv); }
