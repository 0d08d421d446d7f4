// The access-level table: each level and the roles it admits, read by the API filter and tests.
#include "orchestrator/controller/auth/access.h"

#include <initializer_list>

namespace drove::controller {
namespace {

struct RoleInfo {
  Role role;
  std::string_view drove_name;
  std::string_view label;
};

constexpr RoleInfo kRoles[] = {
    {Role::kExternalRoot, "EXTERNAL_ROOT", "EXTERNAL_ROOT"},
    {Role::kExternalReadWrite, "EXTERNAL_READ_WRITE", "EXTERNAL_READ_WRITE"},
    {Role::kExternalMaintenance, "DROVE_EXTERNAL_MAINTENANCE", "DROVE_EXTERNAL_MAINTENANCE"},
    {Role::kExternalReadOnly, "EXTERNAL_READ_ONLY", "EXTERNAL_READ_ONLY"},
    {Role::kControllerNode, "DROVE_CLUSTER_NODE", "CONTROLLER_NODE"},
    {Role::kExecutorNode, "DROVE_CLUSTER_NODE", "EXECUTOR_NODE"},
    {Role::kAppInstance, "DROVE_APPLICATION_INSTANCE", "DROVE_APPLICATION_INSTANCE"},
};

// Bit i stands for the Role whose value is i.
constexpr unsigned long long Mask(std::initializer_list<Role> roles) {
  unsigned long long mask = 0;
  for (Role role : roles) mask |= 1ULL << static_cast<unsigned>(role);
  return mask;
}

struct AccessRule {
  Access access;
  std::string_view name;
  unsigned long long roles;
};

using R = Role;
// Drove's matrix (drove-api.md 1.5), with instance tokens limited to ping and discovery and the
// cluster-node routes to executors' secrets.
const AccessRule kAccessRules[] = {
    {Access::kAnyPrincipal, "ANY_PRINCIPAL",
     Mask({R::kExternalRoot, R::kExternalReadWrite, R::kExternalMaintenance, R::kExternalReadOnly,
           R::kControllerNode, R::kExecutorNode, R::kAppInstance})},
    {Access::kAnyAuthenticated, "ANY_AUTHENTICATED",
     Mask({R::kExternalRoot, R::kExternalReadWrite, R::kExternalMaintenance, R::kExternalReadOnly,
           R::kControllerNode, R::kExecutorNode})},
    {Access::kReadWrite, "READ_WRITE", Mask({R::kExternalRoot, R::kExternalReadWrite})},
    {Access::kMaintenance, "MAINTENANCE", Mask({R::kExternalRoot, R::kExternalMaintenance})},
    {Access::kLogRead, "LOG_READ",
     Mask({R::kExternalRoot, R::kExternalReadOnly, R::kExternalReadWrite})},
    {Access::kClusterNode, "CLUSTER_NODE", Mask({R::kExecutorNode})},
    {Access::kAppInstance, "APP_INSTANCE", Mask({R::kAppInstance})},
};

// A level without a row admits nobody (deny by default).
AccessRule RuleOf(Access access) {
  for (const AccessRule& rule : kAccessRules) {
    if (rule.access == access) return rule;
  }
  return {access, "UNKNOWN", 0};
}

}  // namespace

RoleSet RolesOf(std::initializer_list<Role> roles) {
  RoleSet set;
  for (Role role : roles) set.set(static_cast<size_t>(role));
  return set;
}

std::string_view DroveRoleName(Role role) { return kRoles[static_cast<size_t>(role)].drove_name; }

std::string_view RoleLabel(Role role) { return kRoles[static_cast<size_t>(role)].label; }

std::vector<Role> AllRoles() {
  std::vector<Role> roles;
  for (const RoleInfo& info : kRoles) roles.push_back(info.role);
  return roles;
}

std::string_view AccessName(Access access) { return RuleOf(access).name; }

RoleSet AdmittedRoles(Access access, bool disable_read_auth) {
  if (access == Access::kLogRead && disable_read_auth) {
    return RoleSet(RuleOf(Access::kAnyAuthenticated).roles);
  }
  return RoleSet(RuleOf(access).roles);
}

}  // namespace drove::controller
