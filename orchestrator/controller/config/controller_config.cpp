// Strict loading of controller.yml: every unknown key or bad value becomes a `file:key: reason` line.
#include "orchestrator/controller/config/controller_config.h"

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "orchestrator/core/model/duration.h"

namespace drove::controller {
namespace {

// Collects problems while walking the document; every message is `file:path: reason`.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void Add(const std::string& path, const std::string& reason) {
    lines_.push_back(file_ + ":" + path + ": " + reason);
  }
  bool empty() const { return lines_.empty(); }
  std::string Joined() const {
    std::string out;
    for (const auto& line : lines_) {
      if (!out.empty()) out += "\n";
      out += line;
    }
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

std::string Join(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// Dropwizard duration syntax ("30s", "5 minutes"), as the model reads it.
std::optional<std::chrono::milliseconds> ParseDurationText(const std::string& text) {
  auto d = core::Duration::Parse(text);
  if (!d) return std::nullopt;
  return d->ToMillis();
}

// A mapping node whose keys are checked against the ones the reader asked for.
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, Problems* problems)
      : node_(node), path_(std::move(path)), problems_(problems) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) {
      problems_->Add(path_.empty() ? "(root)" : path_, "expected a mapping");
      valid_ = false;
    }
  }

  // Reports every key that no reader asked for.
  ~MapReader() {
    if (!valid_ || !node_ || !node_.IsMap()) return;
    for (const auto& kv : node_) {
      std::string key = kv.first.as<std::string>("");
      if (!known_.count(key)) problems_->Add(Join(path_, key), "unknown key");
    }
  }

  // The child node, or an undefined node when absent (null values count as absent).
  YAML::Node Child(const std::string& key) {
    known_.insert(key);
    if (!valid_ || !node_ || !node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node child = node_[key];
    if (!child || child.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
    return child;
  }

  std::string PathOf(const std::string& key) const { return Join(path_, key); }
  Problems* problems() const { return problems_; }

  void String(const std::string& key, std::string* out, bool non_empty = false) {
    YAML::Node n = Child(key);
    if (!n) return;
    if (!n.IsScalar()) return problems_->Add(PathOf(key), "expected a string");
    std::string value = n.as<std::string>();
    if (non_empty && value.empty()) return problems_->Add(PathOf(key), "must not be empty");
    *out = value;
  }

  void Int(const std::string& key, int* out, int64_t min, int64_t max) {
    YAML::Node n = Child(key);
    if (!n) return;
    int64_t value = 0;
    if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, value)) {
      return problems_->Add(PathOf(key), "expected an integer, got \"" + n.Scalar() + "\"");
    }
    if (value < min || value > max) {
      return problems_->Add(PathOf(key), "must be between " + std::to_string(min) + " and " +
                                              std::to_string(max) + ", got " +
                                              std::to_string(value));
    }
    *out = static_cast<int>(value);
  }

  void Bool(const std::string& key, bool* out) {
    YAML::Node n = Child(key);
    if (!n) return;
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      return problems_->Add(PathOf(key), "expected true or false, got \"" + n.Scalar() + "\"");
    }
    *out = value;
  }

  void Duration(const std::string& key, std::chrono::milliseconds* out) {
    YAML::Node n = Child(key);
    if (!n) return;
    auto value = n.IsScalar() ? ParseDurationText(n.Scalar()) : std::nullopt;
    if (!value) {
      return problems_->Add(PathOf(key), "expected a duration such as \"30s\" or \"5 minutes\", got \"" +
                                              (n.IsScalar() ? n.Scalar() : std::string("?")) + "\"");
    }
    *out = *value;
  }

  // An enum given by its exact names; `names[i]` maps to `values[i]`.
  template <typename E>
  void Enum(const std::string& key, E* out, const std::vector<std::pair<std::string, E>>& names) {
    YAML::Node n = Child(key);
    if (!n) return;
    std::string text = n.IsScalar() ? n.Scalar() : "";
    std::string expected;
    for (const auto& [name, value] : names) {
      if (name == text) {
        *out = value;
        return;
      }
      expected += (expected.empty() ? "" : ", ") + name;
    }
    problems_->Add(PathOf(key),
                   "unknown value \"" + text + "\" (expected one of " + expected + ")");
  }

  void StringList(const std::string& key, std::vector<std::string>* out) {
    YAML::Node n = Child(key);
    if (!n) return;
    if (!n.IsSequence()) return problems_->Add(PathOf(key), "expected a list of strings");
    out->clear();
    for (size_t i = 0; i < n.size(); ++i) {
      if (!n[i].IsScalar()) {
        problems_->Add(PathOf(key) + "[" + std::to_string(i) + "]", "expected a string");
        continue;
      }
      out->push_back(n[i].Scalar());
    }
  }

  // Calls `each(node, "key[i]")` for every element of a sequence.
  void List(const std::string& key,
            const std::function<void(const YAML::Node&, const std::string&)>& each) {
    YAML::Node n = Child(key);
    if (!n) return;
    if (!n.IsSequence()) return problems_->Add(PathOf(key), "expected a list");
    for (size_t i = 0; i < n.size(); ++i) each(n[i], PathOf(key) + "[" + std::to_string(i) + "]");
  }

 private:
  YAML::Node node_;
  std::string path_;
  Problems* problems_;
  bool valid_ = true;
  std::set<std::string> known_;
};

const std::vector<std::pair<std::string, UserRole>> kRoles = {
    {"EXTERNAL_ROOT", UserRole::kExternalRoot},
    {"EXTERNAL_READ_WRITE", UserRole::kExternalReadWrite},
    {"DROVE_EXTERNAL_MAINTENANCE", UserRole::kExternalMaintenance},
    {"EXTERNAL_READ_ONLY", UserRole::kExternalReadOnly}};

void ReadUser(const YAML::Node& node, const std::string& path, Problems* problems,
              ControllerConfig* config) {
  MapReader r(node, path, problems);
  UserConfig user;
  r.String("username", &user.username, true);
  r.String("password", &user.password);
  r.Enum("role", &user.role, kRoles);
  r.Enum<PasswordEncoding>("encoding", &user.encoding,
                           {{"PLAIN", PasswordEncoding::kPlain}, {"CRYPT", PasswordEncoding::kCrypt}});
  if (!r.Child("username")) problems->Add(r.PathOf("username"), "is required");
  if (!r.Child("role")) problems->Add(r.PathOf("role"), "is required");
  config->users.push_back(user);
}

void ReadSecret(const YAML::Node& node, const std::string& path, Problems* problems,
                ControllerConfig* config) {
  MapReader r(node, path, problems);
  ClusterSecretConfig secret;
  r.Enum<ClusterNodeType>("nodeType", &secret.node_type,
                          {{"CONTROLLER", ClusterNodeType::kController},
                           {"EXECUTOR", ClusterNodeType::kExecutor}});
  r.String("secret", &secret.secret, true);
  if (!r.Child("nodeType")) problems->Add(r.PathOf("nodeType"), "is required");
  if (!r.Child("secret")) problems->Add(r.PathOf("secret"), "is required");
  config->cluster_secrets.push_back(secret);
}

void ReadOptions(MapReader& root, Problems* problems, ControllerConfig* config) {
  MapReader r(root.Child("options"), "options", problems);
  r.Duration("maxEventsStorageDuration", &config->max_events_storage_duration);
  r.StringList("allowedMountDirs", &config->allowed_mount_dirs);
  for (size_t i = 0; i < config->allowed_mount_dirs.size(); ++i) {
    if (config->allowed_mount_dirs[i].empty() || config->allowed_mount_dirs[i][0] != '/') {
      problems->Add("options.allowedMountDirs[" + std::to_string(i) + "]",
                    "must be an absolute path");
    }
  }
  r.Bool("disableReadAuth", &config->disable_read_auth);
  r.Duration("instanceLostTimeout", &config->instance_lost_timeout);
  r.Duration("executorLostTimeout", &config->executor_lost_timeout);
  MapReader op(r.Child("defaultOpSpec"), "options.defaultOpSpec", problems);
  op.Duration("timeout", &config->default_op_spec.timeout);
  op.Int("parallelism", &config->default_op_spec.parallelism, 1, 512);
  op.Enum<std::string>("failureStrategy", &config->default_op_spec.failure_strategy,
                       {{"STOP", "STOP"}, {"ROLLBACK", "ROLLBACK"}});
  const std::pair<const char*, std::chrono::milliseconds> positive[] = {
      {"options.maxEventsStorageDuration", config->max_events_storage_duration},
      {"options.instanceLostTimeout", config->instance_lost_timeout},
      {"options.executorLostTimeout", config->executor_lost_timeout},
      {"options.defaultOpSpec.timeout", config->default_op_spec.timeout}};
  for (const auto& [path, value] : positive) {
    if (value.count() <= 0) problems->Add(path, "must be greater than zero");
  }
}

void ReadDocument(const YAML::Node& doc, Problems* problems, ControllerConfig* config) {
  MapReader root(doc, "", problems);
  {
    MapReader r(root.Child("server"), "server", problems);
    r.String("host", &config->host, true);
    r.Int("port", &config->port, 0, 65535);
  }
  {
    MapReader r(root.Child("store"), "store", problems);
    r.Enum<std::string>("type", &config->store_type, {{"sqlite", "sqlite"}});
    r.String("path", &config->store_path, true);
  }
  {
    MapReader r(root.Child("userAuth"), "userAuth", problems);
    r.Bool("enabled", &config->user_auth_enabled);
    r.List("users", [&](const YAML::Node& n, const std::string& path) {
      ReadUser(n, path, problems, config);
    });
    std::set<std::string> names;
    for (size_t i = 0; i < config->users.size(); ++i) {
      if (!names.insert(config->users[i].username).second) {
        problems->Add("userAuth.users[" + std::to_string(i) + "].username",
                      "duplicate user \"" + config->users[i].username + "\"");
      }
    }
  }
  {
    MapReader r(root.Child("clusterAuth"), "clusterAuth", problems);
    if (r.Child("secrets")) {
      config->cluster_secrets.clear();
      r.List("secrets", [&](const YAML::Node& n, const std::string& path) {
        ReadSecret(n, path, problems, config);
      });
    }
  }
  {
    MapReader r(root.Child("instanceAuth"), "instanceAuth", problems);
    r.String("secret", &config->instance_auth_secret, true);
  }
  ReadOptions(root, problems, config);
  root.Enum<std::string>("logLevel", &config->log_level,
                         {{"DEBUG", "DEBUG"}, {"INFO", "INFO"}, {"WARN", "WARN"}, {"ERROR", "ERROR"}});
}

}  // namespace

std::string ControllerConfig::ControllerSecret() const {
  for (const auto& s : cluster_secrets) {
    if (s.node_type == ClusterNodeType::kController) return s.secret;
  }
  return "DefaultControllerSecret";
}

std::string_view UserRoleName(UserRole role) {
  for (const auto& [name, value] : kRoles) {
    if (value == role) return name;
  }
  return "EXTERNAL_READ_ONLY";
}

core::Result<ControllerConfig> ParseControllerConfig(const std::string& yaml_text,
                                                     const std::string& file_name) {
  YAML::Node doc;
  try {
    doc = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return core::Result<ControllerConfig>::Error(
        file_name + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  Problems problems(file_name);
  ControllerConfig config;
  try {
    ReadDocument(doc, &problems, &config);
  } catch (const YAML::Exception& e) {
    problems.Add("(document)", std::string("invalid YAML: ") + e.msg);
  }
  if (!problems.empty()) return core::Result<ControllerConfig>::Error(problems.Joined());
  return config;
}

core::Result<ControllerConfig> LoadControllerConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Result<ControllerConfig>::Error(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseControllerConfig(text.str(), path);
}

}  // namespace drove::controller
