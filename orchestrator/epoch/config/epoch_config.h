// drove-epoch's configuration: epoch.yml with Epoch's keys (epoch-api.md section 4), read strictly:
// an unknown key or a bad value stops the daemon at start with `file:key: reason` lines.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "orchestrator/core/auth/auth_config.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {

using Millis = std::chrono::milliseconds;

enum class EpochRole { kReadWrite, kReadOnly };

// userAuth.users[] (core::ReadUsers): Epoch's plain passwords, or crypt(3) hashes with CRYPT.
struct EpochUser {
  std::string username;
  std::string password;
  EpochRole role = EpochRole::kReadOnly;
  core::PasswordEncoding encoding = core::PasswordEncoding::kPlain;
};

// userAuth.tokens[] (ours): `Authorization: Bearer <token>` for automation.
struct EpochToken {
  std::string name;  // names the caller in logs and the audit trail (never the token itself)
  std::string token;
  EpochRole role = EpochRole::kReadOnly;
};

// How drove-epoch reaches the Drove controllers (`drove:`).
struct DroveSettings {
  std::vector<std::string> endpoints;  // required; the leader is the one whose ping says 200
  std::string username;                // Basic auth to Drove when both are set
  std::string password;
  Millis check_interval{1000};  // leader re-check
  Millis connection_timeout{1000};
  Millis operation_timeout{1000};  // one HTTP call
  int rpc_retry_count = 10;        // status reads that fail before a task is UNKNOWN
  Millis rpc_retry_interval{3000};
  Json cluster_op_spec;   // opSpec of CREATE: {"timeout":"300
                          // seconds","parallelism":1,"failureStrategy":"STOP"}
  bool insecure = false;  // https endpoints: skip certificate checks (as the tls section's insecure)
  // Ours: the `sourceAppName` of every task; DROVE_APP_NAME (set by Drove) when absent.
  std::string app_name;
  Millis poll_interval{3000};  // ours: Epoch polls task status every 3 s
};

// `notify: {type: MAIL, ...}`: run mails over SMTP (notify/); absent or BLACKHOLE: no mail.
struct MailSettings {
  bool enabled = false;
  std::string smtp_server;
  int port = 25;
  bool tls = false;
  std::string username;
  std::string password;
  std::vector<std::string> default_emails;
  std::string from_name;
  std::string from_address;
  bool disable_for_successful_runs = false;
};

// `zookeeper:` (Epoch's keys, plus two of ours): with it, topologies and runs live in ZooKeeper
// under /<nameSpace> and several nodes elect a leader; without it, one node on SQLite.
struct ZookeeperSettings {
  bool enabled = false;
  std::string connection_string;  // connectionString, host:port[,host:port...]
  std::string name_space = "epoch";  // nameSpace: the root znode, as Curator's namespace
  // Ours: Epoch's Curator asks for 1 s; 5 s rides out a busy host (leadership is a lease of half
  // of it, so a cut-off leader stops within 2.5 s, and a killed one is replaced after about 5 s).
  Millis session_timeout{5000};
  Millis connect_timeout{10000};  // ours: how long the start waits for a first session
};

struct EpochConfig {
  std::string host = "0.0.0.0";  // server.applicationConnectors[0].bindHost
  int port = 8080;               // server.applicationConnectors[0].port
  int admin_port = -1;           // server.adminConnectors[0].port; -1: no admin server
  core::HttpServerOptions server_options;  // server's limits (http_server_config.h); tls apart
  // tls (ours): both ports serve HTTPS with certFile/keyFile; caFile verifies https:// Drove
  // endpoints and the leader followers forward to, which get this certificate under mutual TLS
  core::TlsConfig tls;
  std::string store_path = "/var/lib/drove-epoch/epoch.db";  // ours: store.path (SQLite)
  ZookeeperSettings zookeeper;
  DroveSettings drove;
  bool user_auth_enabled = false;  // absent or disabled: everything allowed
  std::vector<EpochUser> users;
  std::vector<EpochToken> tokens;
  // Ours, as the controller's: options.auditedHttpMethods and the audit trail's file (`audit:`).
  std::vector<std::string> audited_http_methods = {"POST", "PUT", "DELETE"};
  core::AuditConfig audit;
  MailSettings mail;
  Millis cleanup_job_interval{5 * 60 * 1000};  // options.cleanupJobInterval
  int num_runs_per_job = 5;                    // options.numRunsPerJob
  std::string time_zone;                       // ours: cron and run-id zone; "" = the host's
  std::string log_level = "INFO";              // logging.level
};

// Reads and checks the file; `${VAR}` is replaced by the environment variable VAR (strict: an
// undefined one is an error, as Dropwizard's substitutor), `${VAR:-default}` falls back.
core::Result<EpochConfig> LoadEpochConfig(const std::string& path);
core::Result<EpochConfig> ParseEpochConfig(const std::string& yaml_text,
                                           const std::string& file_name);

// Replaces ${VAR} / ${VAR:-default}; errors name the first undefined variable.
core::Result<std::string> SubstituteEnvironment(const std::string& text,
                                                const std::string& file_name);

}  // namespace drove::epoch
