// Drove's request authentication (cluster nodes, users) and role checks, in Drove's filter order.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/config/controller_config.h"

namespace drove::controller {

enum class PrincipalKind { kUser, kClusterNode, kAppInstance };

// Who made a request. `role` is meaningful for users only, `instance` for app instances only.
struct Principal {
  std::string name;
  PrincipalKind kind = PrincipalKind::kUser;
  UserRole role = UserRole::kExternalReadOnly;
  InstanceTokenInfo instance;
};

// What a route requires (drove-api.md 1.5).
enum class Access {
  // Users and cluster nodes: GETs, validate, events, endpoints, DELETE /tasks. Drove lets app
  // instances in too; here an instance token opens only what the discovery plugins call.
  kAnyAuthenticated,
  kAnyPrincipal,      // app instances too: ping (the plugins find the leader with it)
  kReadWrite,         // operations and cancel: EXTERNAL_READ_WRITE, EXTERNAL_ROOT
  kMaintenance,       // blacklist, maintenance: DROVE_EXTERNAL_MAINTENANCE, EXTERNAL_ROOT
  kLogRead,           // logfiles: EXTERNAL_ROOT, EXTERNAL_READ_ONLY, EXTERNAL_READ_WRITE
  kClusterNode,       // /messages, /internal/cluster
  kAppInstance,       // /internal/instances
};

// Looks a request header up by name (case-insensitive); nullopt when absent.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

class Authenticator {
 public:
  explicit Authenticator(const ControllerConfig& config);

  // Tries cluster-node credentials, then an app-instance token, then Basic user credentials (or
  // the default root user when userAuth is disabled). nullopt means 401.
  std::optional<Principal> Authenticate(const HeaderLookup& header) const;

  // Exact role match, no hierarchy; false means 403.
  bool Permits(const Principal& principal, Access access) const;

 private:
  std::optional<Principal> AuthenticateUser(const std::string& authorization) const;
  std::optional<Principal> AuthenticateInstance(const std::string& token) const;
  bool PasswordMatches(const UserConfig& user, const std::string& password) const;

  bool user_auth_enabled_;
  bool disable_read_auth_;
  std::set<std::string> cluster_secrets_;
  InstanceTokenManager instance_tokens_;
  std::map<std::string, UserConfig> users_;
  // Successful CRYPT checks (sha256 of user + NUL + password), so bcrypt runs once per credential.
  mutable std::mutex cache_mutex_;
  mutable std::set<std::string> verified_;
};

// Drove's role name of a principal (users: their role; else DROVE_CLUSTER_NODE or
// DROVE_APPLICATION_INSTANCE), for log lines.
std::string_view RoleName(const Principal& principal);

// Verifies `password` against a crypt(3) hash (bcrypt `$2a$/$2b$/$2y$`, sha-crypt, ...).
bool CryptPasswordMatches(const std::string& password, const std::string& hash);

}  // namespace drove::controller
