// A daemon's userAuth callers: users by HTTP Basic credentials (PLAIN or crypt(3) passwords) and
// static bearer tokens, every secret compared in constant time. The daemon brings its structs:
// `User {username, password, role, encoding}` and `Token {name, token, role}`.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestrator/core/auth/auth_config.h"
#include "orchestrator/core/auth/secrets.h"
#include "orchestrator/core/net/basic_auth.h"

namespace drove::core {

// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, blanks around
// the token dropped); nullopt for another scheme.
std::optional<std::string_view> BearerTokenOf(std::string_view authorization);

// Checks PLAIN and CRYPT passwords. Successful CRYPT checks are remembered (sha256 of user, NUL,
// password), so a slow hash runs once per credential rather than on every request. Thread-safe.
class PasswordVerifier {
 public:
  bool Matches(const std::string& username, const std::string& stored, PasswordEncoding encoding,
               const std::string& password) const;

 private:
  mutable std::mutex mutex_;
  mutable std::set<std::string> verified_;
};

template <typename User, typename Token>
class UserDirectory {
 public:
  using Role = decltype(User::role);
  struct Match {
    std::string name;  // the username or the token's name, never the secret
    Role role;
    bool bearer = false;  // a bearer token, not Basic credentials
  };

  UserDirectory(const std::vector<User>& users, std::vector<Token> tokens)
      : tokens_(std::move(tokens)) {
    for (const User& user : users) users_.emplace(user.username, user);
  }

  // Who an Authorization header value (Basic or Bearer) names; nullopt when nobody.
  std::optional<Match> Authenticate(std::string_view authorization) const {
    if (auto token = BearerTokenOf(authorization)) {
      const Token* found = nullptr;
      // Every token is compared: the time taken tells neither which one nor whether one matched.
      for (const Token& t : tokens_) {
        if (SecretEquals(t.token, *token)) found = &t;
      }
      if (found == nullptr) return std::nullopt;
      return Match{found->name, found->role, true};
    }
    auto credentials = ParseBasicAuth(authorization);
    if (!credentials) return std::nullopt;
    auto it = users_.find(credentials->username);
    if (it == users_.end() || !verifier_.Matches(credentials->username, it->second.password,
                                                 it->second.encoding, credentials->password)) {
      return std::nullopt;
    }
    return Match{credentials->username, it->second.role, false};
  }

 private:
  std::map<std::string, User> users_;
  std::vector<Token> tokens_;
  PasswordVerifier verifier_;
};

}  // namespace drove::core
