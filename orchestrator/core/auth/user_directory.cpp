// Bearer parsing and the password check with its cache of successful CRYPT checks.
#include "orchestrator/core/auth/user_directory.h"

#include <openssl/sha.h>
#include <strings.h>

namespace drove::core {
namespace {

std::string Sha256(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

}  // namespace

std::optional<std::string_view> BearerTokenOf(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      strncasecmp(authorization.data(), kScheme.data(), kScheme.size())) {
    return std::nullopt;
  }
  authorization.remove_prefix(kScheme.size());
  while (!authorization.empty() && authorization.front() == ' ') authorization.remove_prefix(1);
  while (!authorization.empty() && authorization.back() == ' ') authorization.remove_suffix(1);
  return authorization;
}

bool PasswordVerifier::Matches(const std::string& username, const std::string& stored,
                               PasswordEncoding encoding, const std::string& password) const {
  if (encoding == PasswordEncoding::kPlain) return SecretEquals(stored, password);
  std::string key = Sha256(username + std::string(1, '\0') + password);
  {
    std::lock_guard lock(mutex_);
    if (verified_.count(key)) return true;
  }
  if (!CryptPasswordMatches(password, stored)) return false;
  std::lock_guard lock(mutex_);
  verified_.insert(key);
  return true;
}

}  // namespace drove::core
