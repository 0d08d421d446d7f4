// Basic auth on top of the strict base64 codec.
#include "orchestrator/core/net/basic_auth.h"

#include <cctype>

#include "orchestrator/core/util/base64.h"

namespace drove::core {

std::optional<BasicCredentials> ParseBasicAuth(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  constexpr std::string_view kScheme = "basic";
  if (value.size() <= kScheme.size() ||
      (value[kScheme.size()] != ' ' && value[kScheme.size()] != '\t')) {
    return std::nullopt;
  }
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view token = value.substr(kScheme.size());
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  auto decoded = Base64Decode(token);
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::string BasicAuthHeader(std::string_view username, std::string_view password) {
  std::string joined;
  joined.append(username).append(":").append(password);
  return "Basic " + Base64Encode(joined);
}

}  // namespace drove::core
