// Strict loading of epoch.yml on core::ConfigFile (every unknown key or bad value is one
// `file:key: reason` line).
#include "orchestrator/epoch/config/epoch_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "orchestrator/coordination/zookeeper_options.h"
#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/http_server_config.h"
#include "orchestrator/core/util/yaml_config.h"
#include "orchestrator/epoch/cron/time_zone.h"

namespace drove::epoch {
namespace {

core::Result<Millis> ParsePositiveDuration(std::string_view text) {
  auto d = core::Duration::Parse(text);
  if (!d) {
    return core::Result<Millis>::Error(
        "must be a duration such as \"1s\" or \"300 seconds\", got \"" + std::string(text) + "\"");
  }
  if (d->ToMillis().count() <= 0) return core::Result<Millis>::Error("must be greater than zero");
  return d->ToMillis();
}

Millis Duration(const core::ConfigNode& node, std::string_view key, Millis fallback) {
  return node.Value<Millis>(key, fallback, ParsePositiveDuration);
}

// Dropwizard's connector list; we serve the first http connector of each list.
void ReadConnectors(const core::ConfigNode& server, const char* key, std::string* host, int* port) {
  std::vector<core::ConfigNode> connectors = server.Children(key);
  for (size_t i = 0; i < connectors.size(); ++i) {
    const core::ConfigNode& c = connectors[i];
    c.Enum("type", "http", {"http"});
    const int p = static_cast<int>(c.Int("port", *port < 0 ? 8081 : *port, 0, 65535));
    const std::string bind = c.String("bindHost", host ? *host : "0.0.0.0");
    if (i > 0) continue;
    *port = p;
    if (host) *host = bind;
  }
}

void ReadServer(const core::ConfigNode& server, EpochConfig* config) {
  ReadConnectors(server, "applicationConnectors", &config->host, &config->port);
  ReadConnectors(server, "adminConnectors", nullptr, &config->admin_port);
  const std::string context = server.String("applicationContextPath", "/");
  if (context != "/") server.Error("applicationContextPath", "only \"/\" is supported");
  if (config->host.empty()) server.Error("applicationConnectors[0].bindHost", "must not be empty");
}

void ReadDrove(const core::ConfigNode& node, DroveSettings* drove) {
  drove->endpoints = node.StringList("endpoints");
  if (drove->endpoints.empty())
    node.Error("endpoints", "is required: at least one Drove controller URL");
  for (size_t i = 0; i < drove->endpoints.size(); ++i) {
    if (auto target = core::HttpTarget::Parse(drove->endpoints[i]); !target.ok()) {
      node.Error("endpoints[" + std::to_string(i) + "]", target.error());
    }
  }
  drove->username = node.String("username");
  drove->password = node.String("password");
  drove->check_interval = Duration(node, "checkInterval", drove->check_interval);
  drove->connection_timeout = Duration(node, "connectionTimeout", drove->connection_timeout);
  drove->operation_timeout = Duration(node, "operationTimeout", drove->operation_timeout);
  drove->rpc_retry_count = static_cast<int>(node.Int("rpcRetryCount", 10, 0, 1000));
  if (drove->rpc_retry_count == 0) drove->rpc_retry_count = 10;  // Epoch: 0/absent -> 10
  drove->rpc_retry_interval = Duration(node, "rpcRetryInterval", drove->rpc_retry_interval);
  drove->insecure = node.Bool("insecure", false);
  drove->app_name = node.String("appName");
  if (drove->app_name.empty()) {
    const char* from_env = std::getenv("DROVE_APP_NAME");  // Drove sets it in its containers
    if (from_env != nullptr) drove->app_name = from_env;
  }
  if (drove->app_name.empty()) {
    node.Error("appName",
               "is required: the sourceAppName of Epoch's tasks (or set DROVE_APP_NAME)");
  }
  drove->poll_interval = Duration(node, "pollInterval", drove->poll_interval);
  core::ConfigNode op = node.Child("clusterOpSpec");
  const Millis timeout = Duration(op, "timeout", Millis(300000));
  drove->cluster_op_spec =
      Json{{"timeout", std::to_string(timeout.count() / 1000) + " seconds"},
           {"parallelism", op.Int("parallelism", 1, 1, 512)},
           {"failureStrategy", op.Enum("failureStrategy", "STOP", {"STOP", "ROLLBACK"})}};
}

const core::RoleNames<EpochRole> kRoles = {{"READ_WRITE", EpochRole::kReadWrite},
                                           {"READ_ONLY", EpochRole::kReadOnly}};

void ReadUsers(const core::ConfigNode& auth, EpochConfig* config) {
  config->user_auth_enabled = auth.Bool("enabled", auth.Has("users") || auth.Has("tokens"));
  auth.String("cachingPolicy");  // Epoch's credential cache spec: accepted, nothing to cache here
  config->users = core::ReadUsers<EpochUser>(auth, kRoles);
  config->tokens = core::ReadTokens<EpochToken>(auth, kRoles);
}

void ReadNotify(const core::ConfigNode& node, MailSettings* mail) {
  if (node.Enum("type", "BLACKHOLE", {"MAIL", "BLACKHOLE"}) != "MAIL") return;
  mail->enabled = true;
  mail->smtp_server = node.RequiredString("smtpServer");
  mail->port = static_cast<int>(node.Int("port", 25, 1, 65535));
  mail->tls = node.Bool("tls", false);
  mail->username = node.String("username");
  mail->password = node.String("password");
  mail->default_emails = node.StringList("defaultEmails");
  mail->from_name = node.String("fromName", "Epoch");
  mail->from_address = node.RequiredString("fromAddress");
  mail->disable_for_successful_runs = node.Bool("disableForSuccessfulRuns", false);
}

void ReadZookeeper(const core::ConfigNode& zk, ZookeeperSettings* settings) {
  settings->connection_string = zk.RequiredString("connectionString");
  if (!settings->connection_string.empty()) {
    if (auto st = coordination::CheckConnectionString(settings->connection_string); !st.ok()) {
      zk.Error("connectionString", st.message());
    }
  }
  settings->name_space = zk.String("nameSpace", settings->name_space);
  if (settings->name_space.find('/') != std::string::npos) {
    zk.Error("nameSpace", "must be one path segment without '/'");
  } else if (auto root = coordination::NamespaceRoot(settings->name_space); !root.ok()) {
    zk.Error("nameSpace", root.error());
  }
  settings->session_timeout = Duration(zk, "sessionTimeout", settings->session_timeout);
  if (settings->session_timeout < Millis(1000) || settings->session_timeout > Millis(60000)) {
    zk.Error("sessionTimeout", "must be between 1 second and 60 seconds");
  }
  settings->connect_timeout = Duration(zk, "connectTimeout", settings->connect_timeout);
}

// A `zookeeper` section chooses the ZooKeeper store (as the controller's config does).
void ReadStore(const core::ConfigNode& root, EpochConfig* config) {
  config->zookeeper.enabled = root.Has("zookeeper");
  core::ConfigNode store = root.Child("store");
  const std::string type = store.Enum("type", config->zookeeper.enabled ? "zookeeper" : "sqlite",
                                      {"sqlite", "zookeeper"});
  config->store_path = store.String("path", config->store_path);
  if (config->store_path.empty()) store.Error("path", "must not be empty");
  if (type == "zookeeper" && !config->zookeeper.enabled) {
    store.Error("type", "zookeeper needs the zookeeper section (connectionString)");
  } else if (type == "sqlite" && config->zookeeper.enabled) {
    store.Error("type", "sqlite cannot be used with the zookeeper section; remove one of them");
  }
  if (config->zookeeper.enabled) ReadZookeeper(root.Child("zookeeper"), &config->zookeeper);
}

EpochConfig ReadConfig(const core::ConfigNode& root) {
  EpochConfig config;
  ReadServer(root.Child("server"), &config);
  config.server_options = core::ReadHttpServerOptions(root.Child("server"), config.server_options);
  config.tls = core::ReadTlsConfig(root.Child("tls"));
  ReadStore(root, &config);
  ReadDrove(root.Child("drove"), &config.drove);
  if (!root.Has("drove")) root.Error("drove", "is required (drove.endpoints)");
  ReadUsers(root.Child("userAuth"), &config);
  ReadNotify(root.Child("notify"), &config.mail);
  core::ConfigNode options = root.Child("options");
  config.cleanup_job_interval =
      Duration(options, "cleanupJobInterval", config.cleanup_job_interval);
  config.num_runs_per_job = static_cast<int>(options.Int("numRunsPerJob", 5, 1, 100000));
  core::ReadAudit(options, root.Child("audit"), &config.audited_http_methods, &config.audit);
  config.time_zone = root.String("timeZone");
  if (!config.time_zone.empty()) {
    if (auto zone = cron::TimeZone::Load(config.time_zone); !zone.ok()) {
      root.Error("timeZone", zone.error());
    }
  }
  config.log_level =
      root.Child("logging").Enum("level", "INFO", {"DEBUG", "INFO", "WARN", "ERROR"});
  return config;
}

}  // namespace

core::Result<std::string> SubstituteEnvironment(const std::string& text,
                                                const std::string& file_name) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t start = text.find("${", pos);
    if (start == std::string::npos) break;
    const size_t end = text.find('}', start);
    if (end == std::string::npos) break;
    out.append(text, pos, start - pos);
    std::string name = text.substr(start + 2, end - start - 2);
    std::optional<std::string> fallback;
    if (size_t sep = name.find(":-"); sep != std::string::npos) {
      fallback = name.substr(sep + 2);
      name = name.substr(0, sep);
    }
    const char* value = std::getenv(name.c_str());
    if (value != nullptr) {
      out += value;
    } else if (fallback) {
      out += *fallback;
    } else {
      return core::Status::Error(file_name + ": environment variable " + name +
                                 " is not defined (used as ${" + name + "})");
    }
    pos = end + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

core::Result<EpochConfig> ParseEpochConfig(const std::string& yaml_text,
                                           const std::string& file_name) {
  auto substituted = SubstituteEnvironment(yaml_text, file_name);
  if (!substituted.ok()) return substituted.status();
  auto file = core::ConfigFile::Parse(*substituted, file_name);
  if (!file.ok()) return file.status();
  EpochConfig config = ReadConfig(file->root());
  if (core::Status status = file->Finish(); !status.ok()) return status;
  return config;
}

core::Result<EpochConfig> LoadEpochConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Status::Error(path + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseEpochConfig(buffer.str(), path);
}

}  // namespace drove::epoch
