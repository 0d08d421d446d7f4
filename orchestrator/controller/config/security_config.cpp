// userAuth, clusterAuth and audit keys: roles by Drove's enum names, CRYPT passwords checked to be
// strong crypt(3) hashes at load, bearer tokens long and unique, audit rotation sizes sane.
#include "orchestrator/controller/config/security_config.h"

#include <set>

#include "orchestrator/controller/auth/secrets.h"
#include "orchestrator/core/model/duration.h"

namespace drove::controller {
namespace {

const std::vector<std::pair<std::string, UserRole>> kRoles = {
    {"EXTERNAL_ROOT", UserRole::kExternalRoot},
    {"EXTERNAL_READ_WRITE", UserRole::kExternalReadWrite},
    {"DROVE_EXTERNAL_MAINTENANCE", UserRole::kExternalMaintenance},
    {"EXTERNAL_READ_ONLY", UserRole::kExternalReadOnly}};

// Shorter tokens can be guessed; 32 characters of a random alphabet are far out of reach.
constexpr size_t kMinTokenLength = 32;
constexpr int64_t kMinAuditFileBytes = 4096;
const std::vector<std::string> kHttpMethods = {"GET",   "POST", "PUT",    "DELETE",
                                               "PATCH", "HEAD", "OPTIONS"};

UserRole ReadRole(const core::ConfigNode& node) {
  std::vector<std::string> names;
  for (const auto& [name, role] : kRoles) names.push_back(name);
  if (!node.Has("role")) node.Error("role", "is required");
  std::string role = node.Enum("role", "EXTERNAL_READ_ONLY", names);
  for (const auto& [name, value] : kRoles) {
    if (name == role) return value;
  }
  return UserRole::kExternalReadOnly;
}

void ReadUsers(const core::ConfigNode& user_auth, ControllerConfig* config) {
  std::set<std::string> seen;
  for (const core::ConfigNode& node : user_auth.Children("users")) {
    UserConfig user;
    user.username = node.RequiredString("username");
    if (!user.username.empty() && !seen.insert(user.username).second) {
      node.Error("username", "duplicate user \"" + user.username + "\"");
    }
    user.password = node.String("password");
    user.role = ReadRole(node);
    user.encoding = node.Enum("encoding", "PLAIN", {"PLAIN", "CRYPT"}) == "CRYPT"
                        ? PasswordEncoding::kCrypt
                        : PasswordEncoding::kPlain;
    if (user.encoding == PasswordEncoding::kCrypt) {
      // The hash is not echoed: it is still a secret worth guarding.
      if (auto problem = CryptHashProblem(user.password)) node.Error("password", *problem);
    }
    config->users.push_back(user);
  }
}

void ReadTokens(const core::ConfigNode& user_auth, ControllerConfig* config) {
  std::set<std::string> names;
  std::set<std::string> tokens;
  for (const core::ConfigNode& node : user_auth.Children("tokens")) {
    BearerTokenConfig token;
    token.name = node.RequiredString("name");
    if (!token.name.empty() && !names.insert(token.name).second) {
      node.Error("name", "duplicate token name \"" + token.name + "\"");
    }
    token.token = node.RequiredString("token");
    if (!token.token.empty() && token.token.size() < kMinTokenLength) {
      node.Error("token", "must be at least " + std::to_string(kMinTokenLength) + " characters");
    } else if (!token.token.empty() && !tokens.insert(token.token).second) {
      node.Error("token", "the same token is given twice");
    }
    token.role = ReadRole(node);
    config->tokens.push_back(token);
  }
}

}  // namespace

void ReadUserAuth(const core::ConfigNode& user_auth, ControllerConfig* config) {
  config->user_auth_enabled = user_auth.Bool("enabled", true);
  ReadUsers(user_auth, config);
  ReadTokens(user_auth, config);
}

void ReadClusterSecrets(const core::ConfigNode& cluster_auth, ControllerConfig* config) {
  if (!cluster_auth.Has("secrets")) return;  // Drove's two default secrets stay
  config->cluster_secrets.clear();
  for (const core::ConfigNode& node : cluster_auth.Children("secrets")) {
    ClusterSecretConfig secret;
    if (!node.Has("nodeType")) node.Error("nodeType", "is required");
    secret.node_type = node.Enum("nodeType", "CONTROLLER", {"CONTROLLER", "EXECUTOR"}) == "EXECUTOR"
                           ? ClusterNodeType::kExecutor
                           : ClusterNodeType::kController;
    secret.secret = node.RequiredString("secret");
    config->cluster_secrets.push_back(secret);
  }
}

void ReadAudit(const core::ConfigNode& options, const core::ConfigNode& audit,
               ControllerConfig* config) {
  if (options.Has("auditedHttpMethods")) {
    config->audited_http_methods.clear();
    for (const std::string& method : options.StringList("auditedHttpMethods")) {
      bool known = false;
      for (const std::string& m : kHttpMethods) known = known || m == method;
      if (!known) {
        options.Error("auditedHttpMethods",
                      "unknown method \"" + method + "\" (expected upper-case HTTP methods)");
      }
      config->audited_http_methods.push_back(method);
    }
  }
  config->audit.file = audit.String("file", "");
  if (audit.Has("file") && (config->audit.file.empty() || config->audit.file[0] != '/')) {
    audit.Error("file", "must be an absolute path");
  }
  if (auto size = audit.OptionalString("maxSize")) {
    auto bytes = core::ParseSizeBytes(*size);
    if (!bytes || *bytes < kMinAuditFileBytes) {
      audit.Error("maxSize",
                  "must be a size of at least 4k, such as \"100m\", got \"" + *size + "\"");
    } else {
      config->audit.max_size_bytes = *bytes;
    }
  }
  config->audit.max_files =
      static_cast<int>(audit.Int("maxFiles", config->audit.max_files, 1, 1000));
}

std::string_view UserRoleName(UserRole role) {
  for (const auto& [name, value] : kRoles) {
    if (value == role) return name;
  }
  return "EXTERNAL_READ_ONLY";
}

}  // namespace drove::controller
