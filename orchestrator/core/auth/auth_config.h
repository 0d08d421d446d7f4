// The userAuth and audit keys every daemon reads alike: users (PLAIN or CRYPT passwords), bearer
// tokens, `options.auditedHttpMethods` and `audit: {file, maxSize, maxFiles}`. Each daemon brings
// its own role names and its own user and token structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "orchestrator/core/util/yaml_config.h"

namespace drove::core {

enum class PasswordEncoding { kPlain, kCrypt };

// audit: where the audit trail goes (one JSON line per audited call).
struct AuditConfig {
  std::string file;  // empty: `ACCESS_AUDIT` lines in the daemon's own log (stderr)
  int64_t max_size_bytes = 100LL * 1024 * 1024;  // the file is rotated past this size
  int max_files = 10;                            // rotated files kept (file.1 newest)
};

// A daemon's role names as spelled in its YAML, with its own enum values; least privileged last
// (the value kept while a missing role is reported).
template <typename Role>
using RoleNames = std::vector<std::pair<std::string, Role>>;

// One userAuth.users[] or userAuth.tokens[] entry as read; `role` indexes the daemon's names.
struct CredentialEntry {
  std::string name;    // username, or the token's name
  std::string secret;  // the password (or its crypt(3) hash), or the token
  PasswordEncoding encoding = PasswordEncoding::kPlain;  // users only
  size_t role = 0;
};

// Usernames unique, CRYPT passwords strong crypt(3) hashes (never echoed), roles required.
std::vector<CredentialEntry> ReadUserEntries(const ConfigNode& user_auth,
                                             const std::vector<std::string>& role_names);
// Names unique, tokens at least 32 characters and unique, roles required.
std::vector<CredentialEntry> ReadTokenEntries(const ConfigNode& user_auth,
                                              const std::vector<std::string>& role_names);

template <typename Role>
std::vector<std::string> NamesOf(const RoleNames<Role>& roles) {
  std::vector<std::string> names;
  for (const auto& [name, role] : roles) names.push_back(name);
  return names;
}

// userAuth.users[] as the daemon's `User {username, password, role, encoding}`.
template <typename User, typename Role>
std::vector<User> ReadUsers(const ConfigNode& user_auth, const RoleNames<Role>& roles) {
  std::vector<User> users;
  for (const CredentialEntry& e : ReadUserEntries(user_auth, NamesOf(roles))) {
    users.push_back(User{e.name, e.secret, roles[e.role].second, e.encoding});
  }
  return users;
}

// userAuth.tokens[] as the daemon's `Token {name, token, role}`.
template <typename Token, typename Role>
std::vector<Token> ReadTokens(const ConfigNode& user_auth, const RoleNames<Role>& roles) {
  std::vector<Token> tokens;
  for (const CredentialEntry& e : ReadTokenEntries(user_auth, NamesOf(roles))) {
    tokens.push_back(Token{e.name, e.secret, roles[e.role].second});
  }
  return tokens;
}

// `options.auditedHttpMethods` (replaces *audited_methods when given) and the `audit` section.
void ReadAudit(const ConfigNode& options, const ConfigNode& audit,
               std::vector<std::string>* audited_methods, AuditConfig* config);

}  // namespace drove::core
