// Cluster-node, app-instance token and Basic user authentication (PLAIN and crypt(3)/bcrypt
// passwords), role checks.
#include "orchestrator/controller/auth/authenticator.h"

#include <crypt.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>

#include "orchestrator/core/util/base64.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

std::string Sha256(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

// Constant-time comparison for secrets.
bool SecretEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string_view RoleName(const Principal& principal) {
  switch (principal.kind) {
    case PrincipalKind::kClusterNode:
      return "DROVE_CLUSTER_NODE";
    case PrincipalKind::kAppInstance:
      return "DROVE_APPLICATION_INSTANCE";
    case PrincipalKind::kUser:
      break;
  }
  return UserRoleName(principal.role);
}

bool CryptPasswordMatches(const std::string& password, const std::string& hash) {
  if (hash.empty()) return false;
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* out = crypt_r(password.c_str(), hash.c_str(), data.get());
  if (out == nullptr || out[0] == '*') return false;
  return SecretEquals(out, hash);
}

Authenticator::Authenticator(const ControllerConfig& config)
    : user_auth_enabled_(config.user_auth_enabled),
      disable_read_auth_(config.disable_read_auth),
      instance_tokens_(config.InstanceAuthSecret()) {
  for (const auto& s : config.cluster_secrets) cluster_secrets_.insert(s.secret);
  for (const auto& u : config.users) users_[u.username] = u;
}

std::optional<Principal> Authenticator::Authenticate(const HeaderLookup& header) const {
  auto cluster_secret = header("Cluster-Authorization");
  if (cluster_secret) {
    bool known = false;
    for (const auto& s : cluster_secrets_) known = SecretEquals(s, *cluster_secret) || known;
    if (known) {
      auto node_id = header("NodeId");
      return Principal{node_id.value_or(""), PrincipalKind::kClusterNode,
                       UserRole::kExternalReadOnly, {}};
    }
  }
  if (auto token = header("App-Instance-Authorization")) {
    if (auto instance = AuthenticateInstance(*token)) return instance;
  }
  if (!user_auth_enabled_) {
    return Principal{"default-user", PrincipalKind::kUser, UserRole::kExternalRoot, {}};
  }
  auto authorization = header("Authorization");
  if (!authorization) return std::nullopt;
  return AuthenticateUser(*authorization);
}

std::optional<Principal> Authenticator::AuthenticateUser(const std::string& authorization) const {
  constexpr std::string_view kBasic = "Basic ";
  if (authorization.size() <= kBasic.size() ||
      strncasecmp(authorization.c_str(), kBasic.data(), kBasic.size()) != 0) {
    return std::nullopt;
  }
  std::string encoded = authorization.substr(kBasic.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.erase(0, 1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.pop_back();
  auto decoded = core::Base64Decode(encoded);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string username = decoded->substr(0, colon);
  std::string password = decoded->substr(colon + 1);
  auto it = users_.find(username);
  if (it == users_.end() || !PasswordMatches(it->second, password)) return std::nullopt;
  return Principal{username, PrincipalKind::kUser, it->second.role, {}};
}

std::optional<Principal> Authenticator::AuthenticateInstance(const std::string& token) const {
  auto info = instance_tokens_.Verify(token);
  if (!info.ok()) {
    // A refused token falls through to the next authenticator, as in Drove's filter chain.
    DLOG_INFO("app instance token refused", {{"reason", info.error()}});
    return std::nullopt;
  }
  Principal principal{info->app_id + ":" + info->instance_id, PrincipalKind::kAppInstance,
                      UserRole::kExternalReadOnly, *info};
  return principal;
}

bool Authenticator::PasswordMatches(const UserConfig& user, const std::string& password) const {
  if (user.encoding == PasswordEncoding::kPlain) return SecretEquals(user.password, password);
  std::string key = Sha256(user.username + std::string(1, '\0') + password);
  {
    std::lock_guard lock(cache_mutex_);
    if (verified_.count(key)) return true;
  }
  if (!CryptPasswordMatches(password, user.password)) return false;
  std::lock_guard lock(cache_mutex_);
  verified_.insert(key);
  return true;
}

bool Authenticator::Permits(const Principal& principal, Access access) const {
  const bool user = principal.kind == PrincipalKind::kUser;
  const UserRole role = principal.role;
  switch (access) {
    case Access::kAnyAuthenticated:
      return principal.kind != PrincipalKind::kAppInstance;
    case Access::kAnyPrincipal:
      return true;
    case Access::kReadWrite:
      return user && (role == UserRole::kExternalReadWrite || role == UserRole::kExternalRoot);
    case Access::kMaintenance:
      return user && (role == UserRole::kExternalMaintenance || role == UserRole::kExternalRoot);
    case Access::kLogRead:
      if (disable_read_auth_) return principal.kind != PrincipalKind::kAppInstance;
      return user && (role == UserRole::kExternalRoot || role == UserRole::kExternalReadOnly ||
                      role == UserRole::kExternalReadWrite);
    case Access::kClusterNode:
      return principal.kind == PrincipalKind::kClusterNode;
    case Access::kAppInstance:
      return principal.kind == PrincipalKind::kAppInstance;
  }
  return false;
}

}  // namespace drove::controller
