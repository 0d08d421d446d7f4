// Basic-auth check of Epoch's users (see epoch_auth.h).
#include "orchestrator/epoch/api/epoch_auth.h"

#include <openssl/crypto.h>

#include "orchestrator/core/net/basic_auth.h"

namespace drove::epoch::api {

EpochAuthenticator::EpochAuthenticator(bool enabled, const std::vector<EpochUser>& users)
    : enabled_(enabled) {
  for (const EpochUser& user : users) users_[user.username] = user;
}

std::optional<EpochRole> EpochAuthenticator::Authenticate(
    const std::optional<std::string>& authorization) const {
  if (!enabled_) return EpochRole::kReadWrite;
  if (!authorization) return std::nullopt;
  auto credentials = core::ParseBasicAuth(*authorization);
  if (!credentials) return std::nullopt;
  auto it = users_.find(credentials->username);
  if (it == users_.end()) return std::nullopt;
  const std::string& expected = it->second.password;
  // Constant-time compare, so response timing does not leak the password.
  if (expected.size() != credentials->password.size() ||
      CRYPTO_memcmp(expected.data(), credentials->password.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return it->second.role;
}

}  // namespace drove::epoch::api
