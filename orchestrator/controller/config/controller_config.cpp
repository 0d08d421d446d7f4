// Strict loading of controller.yml on core::ConfigFile: every unknown key or bad value is a
// `file:key: reason` line.
#include "orchestrator/controller/config/controller_config.h"

#include "orchestrator/controller/api/endpoint_feed.h"
#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/config/security_config.h"
#include "orchestrator/coordination/zookeeper_options.h"
#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/net/http_server_config.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::controller {
namespace {

using Millis = std::chrono::milliseconds;

// Drove's duration syntax ("30s", "5 minutes"), as the model reads it; must be positive.
core::Result<Millis> ParsePositiveDuration(std::string_view text) {
  auto d = core::Duration::Parse(text);
  if (!d) {
    return core::Result<Millis>::Error("must be a duration such as \"30s\" or \"5 minutes\", got \"" +
                                       std::string(text) + "\"");
  }
  if (d->ToMillis().count() <= 0) return core::Result<Millis>::Error("must be greater than zero");
  return d->ToMillis();
}

Millis Duration(const core::ConfigNode& node, std::string_view key, Millis default_value) {
  return node.Value<Millis>(key, default_value, ParsePositiveDuration);
}

void ReadOptions(const core::ConfigNode& options, ControllerConfig* config) {
  config->max_events_storage_duration =
      Duration(options, "maxEventsStorageDuration", config->max_events_storage_duration);
  config->allowed_mount_dirs = options.StringList("allowedMountDirs");
  for (size_t i = 0; i < config->allowed_mount_dirs.size(); ++i) {
    const std::string& dir = config->allowed_mount_dirs[i];
    if (dir.empty() || dir[0] != '/') {
      options.Error("allowedMountDirs[" + std::to_string(i) + "]", "must be an absolute path");
    }
  }
  config->disable_read_auth = options.Bool("disableReadAuth", false);
  config->disable_cmdl_args = options.Bool("disableCmdlArgs", false);
  config->enable_raw_device_access = options.Bool("enableRawDeviceAccess", false);
  config->instance_lost_timeout =
      Duration(options, "instanceLostTimeout", config->instance_lost_timeout);
  config->executor_lost_timeout =
      Duration(options, "executorLostTimeout", config->executor_lost_timeout);
  config->maintenance_settle_time =
      Duration(options, "maintenanceSettleTime", config->maintenance_settle_time);
  config->stale_check_interval =
      Duration(options, "staleCheckInterval", config->stale_check_interval);
  config->stale_app_age = Duration(options, "staleAppAge", config->stale_app_age);
  config->stale_instance_age = Duration(options, "staleInstanceAge", config->stale_instance_age);
  config->stale_task_age = Duration(options, "staleTaskAge", config->stale_task_age);
  config->stale_service_age = Duration(options, "staleServiceAge", config->stale_service_age);
  config->max_stale_instances_count =
      static_cast<int>(options.Int("maxStaleInstancesCount", 100, 1, 1000000));
  core::ConfigNode op = options.Child("defaultOpSpec");
  config->default_op_spec.timeout = Duration(op, "timeout", config->default_op_spec.timeout);
  config->default_op_spec.parallelism = static_cast<int>(op.Int("parallelism", 1, 1, 512));
  config->default_op_spec.failure_strategy =
      op.Enum("failureStrategy", "STOP", {"STOP", "ROLLBACK"});
}

// A `zookeeper` section alone (Drove's files) chooses the ZooKeeper store.
void ReadStore(const core::ConfigNode& root, ControllerConfig* config) {
  core::ConfigNode store = root.Child("store");
  core::ConfigNode zk = root.Child("zookeeper");
  const bool zk_given = root.Has("zookeeper");
  config->store_type = store.Enum("type", zk_given ? "zookeeper" : "sqlite", {"sqlite", "zookeeper"});
  config->store_path = store.String("path", config->store_path);
  if (config->store_path.empty()) store.Error("path", "must not be empty");
  config->zk_connection_string = zk.String("connectionString", "");
  config->zk_session_timeout = Duration(zk, "sessionTimeout", config->zk_session_timeout);
  config->zk_connect_timeout = Duration(zk, "connectTimeout", config->zk_connect_timeout);
  config->zk_namespace = zk.String("namespace", config->zk_namespace);
  if (config->store_type != "zookeeper") return;
  if (config->zk_connection_string.empty()) {
    zk.Error("connectionString", "is required with the zookeeper store (host:port,host:port,...)");
  } else if (auto st = coordination::CheckConnectionString(config->zk_connection_string);
             !st.ok()) {
    zk.Error("connectionString", st.message());
  }
  if (config->zk_namespace.find('/') != std::string::npos) {
    zk.Error("namespace", "must be one path segment without '/'");
  } else if (auto root = coordination::NamespaceRoot(config->zk_namespace); !root.ok()) {
    zk.Error("namespace", root.error());
  }
}

ControllerConfig ReadConfig(const core::ConfigNode& root) {
  ControllerConfig config;
  core::ConfigNode server = root.Child("server");
  config.host = server.String("host", config.host);
  if (config.host.empty()) server.Error("host", "must not be empty");
  config.port = static_cast<int>(server.Int("port", config.port, 0, 65535));
  core::HttpServerOptions server_defaults;
  // A parked long-poll must not be cut by the connection timeout.
  server_defaults.io_timeout_seconds = api::kMaxLongPollSeconds + 30;
  config.server_options = core::ReadHttpServerOptions(server, server_defaults);
  config.tls = core::ReadTlsConfig(root.Child("tls"));
  ReadStore(root, &config);
  ReadUserAuth(root.Child("userAuth"), &config);
  ReadClusterSecrets(root.Child("clusterAuth"), &config);
  core::ConfigNode instance_auth = root.Child("instanceAuth");
  if (instance_auth.Has("secret")) {
    config.instance_auth_secret = instance_auth.String("secret");
    if (config.instance_auth_secret.empty()) instance_auth.Error("secret", "must not be empty");
  }
  config.instance_token_lifetime =
      Duration(instance_auth, "tokenLifetime", config.instance_token_lifetime);
  ReadOptions(root.Child("options"), &config);
  config.events_heartbeat = Duration(root.Child("events"), "heartbeat", config.events_heartbeat);
  core::ReadAudit(root.Child("options"), root.Child("audit"), &config.audited_http_methods,
                  &config.audit);
  config.log_level = root.Enum("logLevel", "INFO", {"DEBUG", "INFO", "WARN", "ERROR"});
  ReadUiConfig(root.Child("ui"), &config.ui);
  return config;
}

core::Result<ControllerConfig> Finish(const core::Result<core::ConfigFile>& file) {
  if (!file.ok()) return file.status();
  ControllerConfig config = ReadConfig(file->root());
  core::Status status = file->Finish();
  if (!status.ok()) return status;
  return config;
}

}  // namespace

std::string ControllerConfig::ControllerSecret() const {
  for (const auto& s : cluster_secrets) {
    if (s.node_type == ClusterNodeType::kController) return s.secret;
  }
  return "DefaultControllerSecret";
}

std::string ControllerConfig::InstanceAuthSecret() const {
  if (!instance_auth_secret.empty()) return instance_auth_secret;
  return DeriveInstanceAuthSecret(ControllerSecret());
}

core::Result<ControllerConfig> ParseControllerConfig(const std::string& yaml_text,
                                                     const std::string& file_name) {
  return Finish(core::ConfigFile::Parse(yaml_text, file_name));
}

core::Result<ControllerConfig> LoadControllerConfig(const std::string& path) {
  return Finish(core::ConfigFile::Load(path));
}

}  // namespace drove::controller
