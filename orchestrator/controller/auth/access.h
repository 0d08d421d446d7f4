// Drove's roles and the access levels routes require, with the roles each level admits as data
// (drove-api.md 1.5). Which route needs which level is api/role_matrix.cpp.
#pragma once

#include <bitset>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace drove::controller {

// Every role a caller can hold. Drove has one DROVE_CLUSTER_NODE role; we split it by the type of
// the cluster secret presented, so an executor's secret cannot act as a controller and back.
enum class Role {
  kExternalRoot,
  kExternalReadWrite,
  kExternalMaintenance,
  kExternalReadOnly,
  kControllerNode,  // Cluster-Authorization with a CONTROLLER secret
  kExecutorNode,    // Cluster-Authorization with an EXECUTOR secret
  kAppInstance,     // App-Instance-Authorization JWT
};
inline constexpr size_t kRoleCount = 7;
using RoleSet = std::bitset<kRoleCount>;

RoleSet RolesOf(std::initializer_list<Role> roles);
// Drove's spelling (DROVE_CLUSTER_NODE for both node roles), for logs and the audit trail.
std::string_view DroveRoleName(Role role);
// Our spelling, which tells the node roles apart (CONTROLLER_NODE, EXECUTOR_NODE), for tests.
std::string_view RoleLabel(Role role);
std::vector<Role> AllRoles();

// What a route requires.
enum class Access {
  // Users and cluster nodes: GETs, validate, dry run, events, endpoints, DELETE /tasks. Drove lets
  // app instances in too; here an instance token opens only what the discovery plugins call.
  kAnyAuthenticated,
  kAnyPrincipal,  // app instances too: ping (the plugins find the leader with it)
  kReadWrite,     // operations and cancel: EXTERNAL_READ_WRITE, EXTERNAL_ROOT
  kMaintenance,   // blacklist, maintenance: DROVE_EXTERNAL_MAINTENANCE, EXTERNAL_ROOT
  kLogRead,       // logfiles: EXTERNAL_ROOT, EXTERNAL_READ_ONLY, EXTERNAL_READ_WRITE
  kClusterNode,   // /messages, /internal/cluster: executor -> controller calls, EXECUTOR secret
  kAppInstance,   // /internal/instances
};

std::string_view AccessName(Access access);

// The roles `access` admits. `disable_read_auth` is Drove's option: every role that passes
// kAnyAuthenticated also passes the read check, which only the log files make.
RoleSet AdmittedRoles(Access access, bool disable_read_auth);

}  // namespace drove::controller
