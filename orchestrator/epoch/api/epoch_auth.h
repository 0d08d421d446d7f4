// Epoch's user authentication (epoch-api.md section 0, `userAuth`): HTTP Basic against the
// configured users (Epoch's plain passwords, or crypt(3) hashes) and our bearer tokens, roles
// READ_WRITE and READ_ONLY; with auth off every caller is READ_WRITE.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/core/auth/user_directory.h"
#include "orchestrator/epoch/config/epoch_config.h"

namespace drove::epoch::api {

// Who made a request, for the role check, the log and the audit trail.
struct EpochPrincipal {
  std::string name;
  EpochRole role = EpochRole::kReadOnly;
  std::string_view scheme;  // "basic", "bearer" or "auth-disabled"
};

std::string_view RoleName(EpochRole role);  // READ_WRITE, READ_ONLY

class EpochAuthenticator {
 public:
  explicit EpochAuthenticator(const EpochConfig& config);

  // The caller from an Authorization header value; nullopt means 401.
  std::optional<EpochPrincipal> Authenticate(const std::optional<std::string>& authorization) const;

 private:
  bool enabled_;
  core::UserDirectory<EpochUser, EpochToken> users_;
};

}  // namespace drove::epoch::api
