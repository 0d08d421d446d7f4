// Comparing and hashing secrets: constant-time equality, and crypt(3) password hashes (yescrypt
// `$y$`, bcrypt `$2b$`, ...) through libcrypt (libxcrypt).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/core/util/status.h"

namespace drove::core {

// Equality whose time depends on neither the contents nor the lengths of the two values (both are
// hashed first), for passwords, tokens and cluster secrets.
bool SecretEquals(std::string_view a, std::string_view b);

// Why `hash` cannot serve as a CRYPT password (nullopt when it can): it must be a hash of a method
// libcrypt rates fit for new passwords (yescrypt, bcrypt, scrypt, sha512crypt, ...). DES, MD5 and
// sha256crypt hashes, and plain text put under CRYPT by mistake, are refused.
std::optional<std::string> CryptHashProblem(const std::string& hash);

// Verifies `password` against a crypt(3) hash that CryptHashProblem accepts; false otherwise.
bool CryptPasswordMatches(const std::string& password, const std::string& hash);

// A new yescrypt hash (libcrypt's default cost, fresh random salt) of `password`.
Result<std::string> HashPassword(const std::string& password);

}  // namespace drove::core
