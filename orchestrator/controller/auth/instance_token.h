// Drove's app-instance tokens (drove-api.md 1.5): the HS256 JWT the controller mints for each app
// instance it starts and accepts back in `App-Instance-Authorization`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "orchestrator/core/util/clock.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// Who a token speaks for: Drove's droveAppId / droveInstanceId / droveExecutorId claims.
struct InstanceTokenInfo {
  std::string app_id;
  std::string instance_id;
  std::string executor_id;
  bool operator==(const InstanceTokenInfo&) const = default;
};

// `instanceAuth.tokenLifetime` when not configured. A container gets its token once, at start,
// and has no way to renew it, so the lifetime must outlast any instance an operator keeps
// running; a token is revoked early by its instance ending (the sibling route's binding).
inline constexpr std::chrono::milliseconds kDefaultInstanceTokenLifetime =
    std::chrono::hours(365 * 24);

class InstanceTokenManager {
 public:
  // `clock` (iat, exp/nbf checks) must outlive this object.
  explicit InstanceTokenManager(std::string secret,
                                std::chrono::milliseconds lifetime = kDefaultInstanceTokenLifetime,
                                const core::Clock* clock = &core::SystemClock::Instance());

  // Claims as Drove's JWTApplicationInstanceTokenManager writes them: iss=drove,
  // aud=drove-application-instance, sub=drove-controller, iat, the three ids, and jti = UUIDv3
  // of "<appId>:<instanceId>:<executorId>"; plus exp = iat + lifetime, which Drove does not set.
  std::string Mint(const InstanceTokenInfo& info) const;

  // The token's ids when its signature, iss, aud and sub hold, jti matches the ids, and it is
  // before its exp and before iat + lifetime (Drove's tokens have no exp). The error says which
  // check failed (for the log, never for the caller).
  core::Result<InstanceTokenInfo> Verify(std::string_view token) const;

 private:
  const std::string secret_;
  const int64_t lifetime_seconds_;
  const core::Clock* clock_;
};

// The key used when controller.yml has no `instanceAuth.secret`: derived from the CONTROLLER
// cluster secret, so every controller of a cluster (which must share that secret) agrees on it
// across restarts and failovers, and it is no published default.
std::string DeriveInstanceAuthSecret(std::string_view controller_secret);

}  // namespace drove::controller
