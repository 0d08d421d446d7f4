// Standard base64 (RFC 4648, with padding): inline config data and Basic auth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drove::core {

std::string Base64Encode(std::string_view bytes);
// Returns nullopt when the input is not valid padded base64 (whitespace is not allowed).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace drove::core
