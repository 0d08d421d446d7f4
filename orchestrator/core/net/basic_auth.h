// HTTP Basic credentials: parse an `Authorization: Basic ...` value, build one for clients.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drove::core {

struct BasicCredentials {
  std::string username;
  std::string password;  // may contain ':'; only the first ':' separates
};

// Parses "Basic <base64(user:pass)>" (scheme case-insensitive). nullopt for any other scheme,
// bad base64 or a missing ':'.
std::optional<BasicCredentials> ParseBasicAuth(std::string_view header_value);

// "Basic <base64(user:pass)>", the value for an Authorization header.
std::string BasicAuthHeader(std::string_view username, std::string_view password);

}  // namespace drove::core
