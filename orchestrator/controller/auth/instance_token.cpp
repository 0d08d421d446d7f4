// Minting and checking app-instance tokens with Drove's claims over core's HS256 JWT.
#include "orchestrator/controller/auth/instance_token.h"

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/jwt.h"
#include "orchestrator/core/util/uuid.h"

namespace drove::controller {
namespace {

using nlohmann::json;

constexpr const char* kIssuer = "drove";
constexpr const char* kAudience = "drove-application-instance";
constexpr const char* kSubject = "drove-controller";

std::string TokenId(const InstanceTokenInfo& info) {
  return core::UuidV3(info.app_id + ":" + info.instance_id + ":" + info.executor_id);
}

// `aud` may be one string or a list of them (RFC 7519 4.1.3).
bool HasAudience(const json& claims) {
  auto aud = claims.find("aud");
  if (aud == claims.end()) return false;
  if (aud->is_string()) return *aud == kAudience;
  if (!aud->is_array()) return false;
  for (const auto& a : *aud) {
    if (a == kAudience) return true;
  }
  return false;
}

bool StringClaim(const json& claims, const char* name, std::string* out) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

}  // namespace

InstanceTokenManager::InstanceTokenManager(std::string secret, std::chrono::milliseconds lifetime,
                                           const core::Clock* clock)
    : secret_(std::move(secret)),
      lifetime_seconds_(std::chrono::duration_cast<std::chrono::seconds>(lifetime).count()),
      clock_(clock) {}

std::string InstanceTokenManager::Mint(const InstanceTokenInfo& info) const {
  const int64_t now = clock_->NowMillis() / 1000;
  json claims = {{"iss", kIssuer},
                 {"jti", TokenId(info)},
                 {"aud", kAudience},
                 {"sub", kSubject},
                 {"iat", now},
                 {"exp", now + lifetime_seconds_},
                 {"droveAppId", info.app_id},
                 {"droveInstanceId", info.instance_id},
                 {"droveExecutorId", info.executor_id}};
  return core::SignJwtHs256(claims, secret_);
}

core::Result<InstanceTokenInfo> InstanceTokenManager::Verify(std::string_view token) const {
  const int64_t now = clock_->NowMillis() / 1000;
  auto claims = core::VerifyJwtHs256(token, secret_, now);  // refuses a token past its exp
  if (!claims.ok()) return claims.status();
  // Also bounded by iat: Drove's tokens carry no exp, and a shorter configured lifetime then
  // applies to tokens already handed out.
  auto iat = claims->find("iat");
  if (iat == claims->end() || !iat->is_number()) return core::Status::Error("no iat");
  if (iat->get<double>() + static_cast<double>(lifetime_seconds_) <= static_cast<double>(now)) {
    return core::Status::Error("token older than instanceAuth.tokenLifetime");
  }
  if (claims->value("iss", json()) != kIssuer) return core::Status::Error("wrong iss");
  if (!HasAudience(*claims)) return core::Status::Error("wrong aud");
  if (claims->value("sub", json()) != kSubject) return core::Status::Error("wrong sub");
  InstanceTokenInfo info;
  std::string jti;
  if (!StringClaim(*claims, "droveAppId", &info.app_id) ||
      !StringClaim(*claims, "droveInstanceId", &info.instance_id) ||
      !StringClaim(*claims, "droveExecutorId", &info.executor_id) ||
      !StringClaim(*claims, "jti", &jti)) {
    return core::Status::Error("missing drove claims");
  }
  // Drove binds the ids to the token id, so a claim cannot be swapped without the key anyway.
  if (jti != TokenId(info)) return core::Status::Error("jti does not match the instance claims");
  return info;
}

std::string DeriveInstanceAuthSecret(std::string_view controller_secret) {
  std::string digest = core::HmacSha256(controller_secret, "drove instanceAuth.secret");
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : digest) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0xf]);
  }
  return hex;
}

}  // namespace drove::controller
