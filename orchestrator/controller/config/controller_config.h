// The controller's configuration (controller.yml): typed values, defaults, strict loading.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/config/ui_config.h"
#include "orchestrator/core/auth/auth_config.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// User roles, spelled on the wire as Drove's enum names.
enum class UserRole { kExternalRoot, kExternalReadWrite, kExternalMaintenance, kExternalReadOnly };
using core::AuditConfig;
using core::PasswordEncoding;
enum class ClusterNodeType { kController, kExecutor };

struct UserConfig {
  std::string username;
  std::string password;  // plain text or a crypt(3) hash (yescrypt `$y$...`, bcrypt `$2b$...`)
  UserRole role = UserRole::kExternalReadOnly;
  PasswordEncoding encoding = PasswordEncoding::kPlain;
};

// userAuth.tokens[]: a static bearer token (`Authorization: Bearer <token>`) for automation.
struct BearerTokenConfig {
  std::string name;  // names the caller in logs and the audit trail (never the token itself)
  std::string token;
  UserRole role = UserRole::kExternalReadOnly;
};

struct ClusterSecretConfig {
  ClusterNodeType node_type = ClusterNodeType::kController;
  std::string secret;
};

struct OpSpecConfig {
  std::chrono::milliseconds timeout{std::chrono::seconds(300)};
  int parallelism = 1;
  std::string failure_strategy = "STOP";  // STOP | ROLLBACK
};

struct ControllerConfig {
  // server
  std::string host = "0.0.0.0";
  int port = 4000;
  core::HttpServerOptions server_options;  // server's limits (http_server_config.h); tls apart
  // tls: HTTPS when certFile and keyFile are set; caFile (and this node's certificate, under
  // mutual TLS) for the calls to executors that report transportType HTTPS
  core::TlsConfig tls;
  // store: sqlite (one controller) | zookeeper (several; needs the zookeeper section)
  std::string store_type = "sqlite";
  std::string store_path = "/var/lib/drove/controller.db";
  // zookeeper (Drove's keys)
  std::string zk_connection_string;  // "host:port,host:port,..."
  std::chrono::milliseconds zk_session_timeout{std::chrono::seconds(4)};
  std::string zk_namespace = "drove";
  std::chrono::milliseconds zk_connect_timeout{std::chrono::seconds(15)};
  // userAuth
  bool user_auth_enabled = true;
  std::vector<UserConfig> users;
  std::vector<BearerTokenConfig> tokens;
  // clusterAuth
  std::vector<ClusterSecretConfig> cluster_secrets = {
      {ClusterNodeType::kController, "DefaultControllerSecret"},
      {ClusterNodeType::kExecutor, "DefaultExecutorSecret"}};
  // instanceAuth: empty when not configured (InstanceAuthSecret() derives one)
  std::string instance_auth_secret;
  std::chrono::milliseconds instance_token_lifetime = kDefaultInstanceTokenLifetime;
  // options
  std::chrono::milliseconds max_events_storage_duration{std::chrono::hours(1)};
  // events.heartbeat: the comment line the live event stream sends when idle (docs/ui.md)
  std::chrono::milliseconds events_heartbeat{std::chrono::seconds(15)};
  std::vector<std::string> allowed_mount_dirs;
  bool disable_read_auth = false;
  bool disable_cmdl_args = false;
  bool enable_raw_device_access = false;
  std::chrono::milliseconds instance_lost_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds executor_lost_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds maintenance_settle_time{std::chrono::seconds(40)};
  OpSpecConfig default_op_spec;
  std::vector<std::string> audited_http_methods = {"POST", "PUT", "DELETE"};
  AuditConfig audit;
  // Stale data cleanup (Drove's defaults)
  std::chrono::milliseconds stale_check_interval{std::chrono::hours(1)};
  std::chrono::milliseconds stale_app_age{std::chrono::hours(7 * 24)};
  std::chrono::milliseconds stale_instance_age{std::chrono::hours(7 * 24)};
  std::chrono::milliseconds stale_task_age{std::chrono::hours(2 * 24)};
  std::chrono::milliseconds stale_service_age{std::chrono::hours(7 * 24)};
  int max_stale_instances_count = 100;
  // logLevel: DEBUG | INFO | WARN | ERROR
  std::string log_level = "INFO";
  // ui: the operator UI's files and installation badge
  UiConfig ui;

  // The secret this controller sends to executors (first CONTROLLER secret).
  std::string ControllerSecret() const;
  // The HS256 key of app-instance tokens: `instanceAuth.secret`, or when that is absent a key
  // derived from ControllerSecret() (Drove would use its published "DEFAULT_SECRET").
  std::string InstanceAuthSecret() const;
};

// Reads and validates the YAML text of `file_name` (used only in messages). On failure the
// error holds one line per problem, each `file:key: reason` (key as a dotted path, e.g.
// `controller.yml:userAuth.users[0].role: unknown value "ADMIN" (expected one of ...)`).
core::Result<ControllerConfig> ParseControllerConfig(const std::string& yaml_text,
                                                     const std::string& file_name);

// Reads the file at `path` and parses it (errors name `path`).
core::Result<ControllerConfig> LoadControllerConfig(const std::string& path);

std::string_view UserRoleName(UserRole role);

}  // namespace drove::controller
