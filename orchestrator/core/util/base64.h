// Base64 (RFC 4648): standard with padding (inline config data, Basic auth) and the unpadded
// URL-safe form (JWT segments).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drove::core {

std::string Base64Encode(std::string_view bytes);
// Returns nullopt when the input is not valid padded base64 (whitespace is not allowed).
std::optional<std::string> Base64Decode(std::string_view text);

// URL-safe alphabet (`-`, `_`), no padding (RFC 7515's base64url).
std::string Base64UrlEncode(std::string_view bytes);
// Returns nullopt unless the input is unpadded base64url.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace drove::core
