// Drove's request authentication (cluster nodes, app instances, users by Basic credentials, and
// our bearer tokens) and the role check, in Drove's filter order.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/controller/auth/access.h"
#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/core/auth/user_directory.h"

namespace drove::controller {

enum class PrincipalKind { kUser, kClusterNode, kAppInstance };

// How a caller proved who it is (for logs and the audit trail).
enum class AuthScheme { kNone, kBasic, kBearer, kClusterSecret, kInstanceToken, kAuthDisabled };

// Who made a request. `role` is meaningful for users (and bearer tokens) only, `instance` for app
// instances only, `node_types` for cluster nodes only.
struct Principal {
  std::string name;
  PrincipalKind kind = PrincipalKind::kUser;
  UserRole role = UserRole::kExternalReadOnly;
  InstanceTokenInfo instance;
  // The types whose secret was presented (both when one value is configured for both).
  std::set<ClusterNodeType> node_types = {};
  AuthScheme scheme = AuthScheme::kBasic;
};

// The roles a principal holds (access.h).
RoleSet RolesOf(const Principal& principal);

// Looks a request header up by name (case-insensitive); nullopt when absent.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

class Authenticator {
 public:
  explicit Authenticator(const ControllerConfig& config);

  // Tries cluster-node credentials, then an app-instance token, then Basic user credentials or a
  // bearer token (or the default root user when userAuth is disabled). nullopt means 401.
  std::optional<Principal> Authenticate(const HeaderLookup& header) const;

  // Whether one of the principal's roles is admitted by `access` (exact roles, no hierarchy);
  // false means 403.
  bool Permits(const Principal& principal, Access access) const;

  bool disable_read_auth() const { return disable_read_auth_; }

 private:
  std::optional<Principal> AuthenticateNode(const std::string& secret,
                                            const HeaderLookup& header) const;
  // Basic credentials or a bearer token (core::UserDirectory).
  std::optional<Principal> AuthenticateUser(const std::string& authorization) const;
  std::optional<Principal> AuthenticateInstance(const std::string& token) const;

  bool user_auth_enabled_;
  bool disable_read_auth_;
  std::vector<ClusterSecretConfig> cluster_secrets_;
  InstanceTokenManager instance_tokens_;
  core::UserDirectory<UserConfig, BearerTokenConfig> users_;
};

// Drove's role name of a principal (users: their role; else DROVE_CLUSTER_NODE or
// DROVE_APPLICATION_INSTANCE), for log lines and the audit trail.
std::string_view RoleName(const Principal& principal);
std::string_view SchemeName(AuthScheme scheme);

}  // namespace drove::controller
