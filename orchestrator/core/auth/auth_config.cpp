// Reading users, tokens and the audit keys: CRYPT passwords checked to be strong crypt(3) hashes
// at load, bearer tokens long and unique, audit rotation sizes sane.
#include "orchestrator/core/auth/auth_config.h"

#include <set>

#include "orchestrator/core/auth/secrets.h"
#include "orchestrator/core/model/duration.h"

namespace drove::core {
namespace {

// Shorter tokens can be guessed; 32 characters of a random alphabet are far out of reach.
constexpr size_t kMinTokenLength = 32;
constexpr int64_t kMinAuditFileBytes = 4096;
const std::vector<std::string> kHttpMethods = {"GET",   "POST", "PUT",    "DELETE",
                                               "PATCH", "HEAD", "OPTIONS"};

size_t ReadRole(const ConfigNode& node, const std::vector<std::string>& names) {
  if (!node.Has("role")) node.Error("role", "is required");
  const std::string role = node.Enum("role", names.back(), names);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == role) return i;
  }
  return names.size() - 1;
}

// `key` of `node`: required, and unique among the `seen` ones.
std::string UniqueName(const ConfigNode& node, const char* key, const std::string& what,
                       std::set<std::string>* seen) {
  std::string name = node.RequiredString(key);
  if (!name.empty() && !seen->insert(name).second) {
    node.Error(key, "duplicate " + what + " \"" + name + "\"");
  }
  return name;
}

}  // namespace

std::vector<CredentialEntry> ReadUserEntries(const ConfigNode& user_auth,
                                             const std::vector<std::string>& role_names) {
  std::vector<CredentialEntry> users;
  std::set<std::string> seen;
  for (const ConfigNode& node : user_auth.Children("users")) {
    CredentialEntry user;
    user.name = UniqueName(node, "username", "user", &seen);
    user.secret = node.String("password");
    user.role = ReadRole(node, role_names);
    user.encoding = node.Enum("encoding", "PLAIN", {"PLAIN", "CRYPT"}) == "CRYPT"
                        ? PasswordEncoding::kCrypt
                        : PasswordEncoding::kPlain;
    if (user.encoding == PasswordEncoding::kCrypt) {
      // The hash is not echoed: it is still a secret worth guarding.
      if (auto problem = CryptHashProblem(user.secret)) node.Error("password", *problem);
    }
    users.push_back(user);
  }
  return users;
}

std::vector<CredentialEntry> ReadTokenEntries(const ConfigNode& user_auth,
                                              const std::vector<std::string>& role_names) {
  std::vector<CredentialEntry> tokens;
  std::set<std::string> names;
  std::set<std::string> values;
  for (const ConfigNode& node : user_auth.Children("tokens")) {
    CredentialEntry token;
    token.name = UniqueName(node, "name", "token name", &names);
    token.secret = node.RequiredString("token");
    if (!token.secret.empty() && token.secret.size() < kMinTokenLength) {
      node.Error("token", "must be at least " + std::to_string(kMinTokenLength) + " characters");
    } else if (!token.secret.empty() && !values.insert(token.secret).second) {
      node.Error("token", "the same token is given twice");
    }
    token.role = ReadRole(node, role_names);
    tokens.push_back(token);
  }
  return tokens;
}

void ReadAudit(const ConfigNode& options, const ConfigNode& audit,
               std::vector<std::string>* audited_methods, AuditConfig* config) {
  if (options.Has("auditedHttpMethods")) {
    audited_methods->clear();
    for (const std::string& method : options.StringList("auditedHttpMethods")) {
      bool known = false;
      for (const std::string& m : kHttpMethods) known = known || m == method;
      if (!known) {
        options.Error("auditedHttpMethods",
                      "unknown method \"" + method + "\" (expected upper-case HTTP methods)");
      }
      audited_methods->push_back(method);
    }
  }
  config->file = audit.String("file", "");
  if (audit.Has("file") && (config->file.empty() || config->file[0] != '/')) {
    audit.Error("file", "must be an absolute path");
  }
  if (auto size = audit.OptionalString("maxSize")) {
    auto bytes = ParseSizeBytes(*size);
    if (!bytes || *bytes < kMinAuditFileBytes) {
      audit.Error("maxSize",
                  "must be a size of at least 4k, such as \"100m\", got \"" + *size + "\"");
    } else {
      config->max_size_bytes = *bytes;
    }
  }
  config->max_files = static_cast<int>(audit.Int("maxFiles", config->max_files, 1, 1000));
}

}  // namespace drove::core
