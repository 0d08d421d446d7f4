// JSON Web Tokens signed with HS256 (RFC 7519 compact form): only what app-instance tokens need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/status.h"

namespace drove::core {

// Longer tokens are refused before any decoding (Drove's are about 400 bytes).
inline constexpr size_t kMaxJwtBytes = 8192;

// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// `header.payload.signature` with header {"alg":"HS256","typ":"JWT"}; `claims` must be an object.
std::string SignJwtHs256(const nlohmann::json& claims, std::string_view secret);

// The claims of a token signed with `secret`. Refused: anything but three base64url segments,
// a signature that does not match (compared in constant time, before the header or payload is
// parsed), a header whose `alg` is not HS256 or that carries `crit`, a payload that is not a
// JSON object, and a token past its `exp` or before its `nbf` (seconds, at `now_seconds`).
Result<nlohmann::json> VerifyJwtHs256(std::string_view token, std::string_view secret,
                                      int64_t now_seconds);

}  // namespace drove::core
