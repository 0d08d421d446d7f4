// Epoch's callers through core::UserDirectory (see epoch_auth.h).
#include "orchestrator/epoch/api/epoch_auth.h"

namespace drove::epoch::api {

std::string_view RoleName(EpochRole role) {
  return role == EpochRole::kReadWrite ? "READ_WRITE" : "READ_ONLY";
}

EpochAuthenticator::EpochAuthenticator(const EpochConfig& config)
    : enabled_(config.user_auth_enabled), users_(config.users, config.tokens) {}

std::optional<EpochPrincipal> EpochAuthenticator::Authenticate(
    const std::optional<std::string>& authorization) const {
  // Epoch's dummy user when userAuth is off.
  if (!enabled_) return EpochPrincipal{"default-user", EpochRole::kReadWrite, "auth-disabled"};
  if (!authorization) return std::nullopt;
  auto match = users_.Authenticate(*authorization);
  if (!match) return std::nullopt;
  return EpochPrincipal{match->name, match->role, match->bearer ? "bearer" : "basic"};
}

}  // namespace drove::epoch::api
