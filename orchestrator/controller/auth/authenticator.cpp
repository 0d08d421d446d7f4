// Cluster-node secrets, app-instance tokens, Basic users (PLAIN and crypt(3) passwords) and bearer
// tokens; every secret compared in constant time. Role checks read access.h's table.
#include "orchestrator/controller/auth/authenticator.h"

#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

Role UserRoleOf(UserRole role) {
  switch (role) {
    case UserRole::kExternalRoot:
      return Role::kExternalRoot;
    case UserRole::kExternalReadWrite:
      return Role::kExternalReadWrite;
    case UserRole::kExternalMaintenance:
      return Role::kExternalMaintenance;
    case UserRole::kExternalReadOnly:
      break;
  }
  return Role::kExternalReadOnly;
}

}  // namespace

RoleSet RolesOf(const Principal& principal) {
  switch (principal.kind) {
    case PrincipalKind::kClusterNode: {
      RoleSet roles;
      if (principal.node_types.count(ClusterNodeType::kController)) {
        roles |= RolesOf({Role::kControllerNode});
      }
      if (principal.node_types.count(ClusterNodeType::kExecutor)) {
        roles |= RolesOf({Role::kExecutorNode});
      }
      return roles;
    }
    case PrincipalKind::kAppInstance:
      return RolesOf({Role::kAppInstance});
    case PrincipalKind::kUser:
      break;
  }
  return RolesOf({UserRoleOf(principal.role)});
}

std::string_view RoleName(const Principal& principal) {
  switch (principal.kind) {
    case PrincipalKind::kClusterNode:
      return DroveRoleName(Role::kExecutorNode);
    case PrincipalKind::kAppInstance:
      return DroveRoleName(Role::kAppInstance);
    case PrincipalKind::kUser:
      break;
  }
  return UserRoleName(principal.role);
}

std::string_view SchemeName(AuthScheme scheme) {
  switch (scheme) {
    case AuthScheme::kNone:
      return "none";
    case AuthScheme::kBasic:
      return "basic";
    case AuthScheme::kBearer:
      return "bearer";
    case AuthScheme::kClusterSecret:
      return "cluster-secret";
    case AuthScheme::kInstanceToken:
      return "instance-token";
    case AuthScheme::kAuthDisabled:
      return "auth-disabled";
  }
  return "none";
}

Authenticator::Authenticator(const ControllerConfig& config)
    : user_auth_enabled_(config.user_auth_enabled),
      disable_read_auth_(config.disable_read_auth),
      cluster_secrets_(config.cluster_secrets),
      instance_tokens_(config.InstanceAuthSecret(), config.instance_token_lifetime),
      users_(config.users, config.tokens) {}

std::optional<Principal> Authenticator::Authenticate(const HeaderLookup& header) const {
  if (auto secret = header("Cluster-Authorization")) {
    // A wrong secret falls through to the next authenticator, as in Drove's filter chain.
    if (auto node = AuthenticateNode(*secret, header)) return node;
  }
  if (auto token = header("App-Instance-Authorization")) {
    if (auto instance = AuthenticateInstance(*token)) return instance;
  }
  if (!user_auth_enabled_) {
    Principal root{"default-user", PrincipalKind::kUser, UserRole::kExternalRoot, {}};
    root.scheme = AuthScheme::kAuthDisabled;
    return root;
  }
  auto authorization = header("Authorization");
  if (!authorization) return std::nullopt;
  return AuthenticateUser(*authorization);
}

std::optional<Principal> Authenticator::AuthenticateNode(const std::string& secret,
                                                         const HeaderLookup& header) const {
  Principal node{
      header("NodeId").value_or(""), PrincipalKind::kClusterNode, UserRole::kExternalReadOnly, {}};
  node.scheme = AuthScheme::kClusterSecret;
  // Every secret is compared, so the time taken does not tell which one (or whether one) matched.
  for (const auto& s : cluster_secrets_) {
    if (core::SecretEquals(s.secret, secret)) node.node_types.insert(s.node_type);
  }
  if (node.node_types.empty()) return std::nullopt;
  return node;
}

std::optional<Principal> Authenticator::AuthenticateUser(const std::string& authorization) const {
  auto match = users_.Authenticate(authorization);
  if (!match) return std::nullopt;
  Principal principal{match->name, PrincipalKind::kUser, match->role, {}};
  principal.scheme = match->bearer ? AuthScheme::kBearer : AuthScheme::kBasic;
  return principal;
}

std::optional<Principal> Authenticator::AuthenticateInstance(const std::string& token) const {
  auto info = instance_tokens_.Verify(token);
  if (!info.ok()) {
    DLOG_INFO("app instance token refused", {{"reason", info.error()}});
    return std::nullopt;
  }
  Principal principal{info->app_id + ":" + info->instance_id, PrincipalKind::kAppInstance,
                      UserRole::kExternalReadOnly, *info};
  principal.scheme = AuthScheme::kInstanceToken;
  return principal;
}

bool Authenticator::Permits(const Principal& principal, Access access) const {
  return (RolesOf(principal) & AdmittedRoles(access, disable_read_auth_)).any();
}

}  // namespace drove::controller
