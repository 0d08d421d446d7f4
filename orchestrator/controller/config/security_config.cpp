// userAuth and clusterAuth keys: users and tokens read as every daemon reads them (core/auth), with
// Drove's role names.
#include "orchestrator/controller/config/security_config.h"

namespace drove::controller {
namespace {

const core::RoleNames<UserRole> kRoles = {
    {"EXTERNAL_ROOT", UserRole::kExternalRoot},
    {"EXTERNAL_READ_WRITE", UserRole::kExternalReadWrite},
    {"DROVE_EXTERNAL_MAINTENANCE", UserRole::kExternalMaintenance},
    {"EXTERNAL_READ_ONLY", UserRole::kExternalReadOnly}};

}  // namespace

void ReadUserAuth(const core::ConfigNode& user_auth, ControllerConfig* config) {
  config->user_auth_enabled = user_auth.Bool("enabled", true);
  config->users = core::ReadUsers<UserConfig>(user_auth, kRoles);
  config->tokens = core::ReadTokens<BearerTokenConfig>(user_auth, kRoles);
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

std::string_view UserRoleName(UserRole role) {
  for (const auto& [name, value] : kRoles) {
    if (value == role) return name;
  }
  return "EXTERNAL_READ_ONLY";
}

}  // namespace drove::controller
