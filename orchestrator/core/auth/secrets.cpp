// Secrets on libcrypt (crypt_r, crypt_gensalt_rn, crypt_checksalt) and OpenSSL (SHA-256, memcmp).
#include "orchestrator/core/auth/secrets.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace drove::core {
namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest Sha256(std::string_view text) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

// crypt_r's scratch area is ~32 KB: on the heap, zeroed as libcrypt asks.
std::unique_ptr<crypt_data> Scratch() {
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  return data;
}

}  // namespace

bool SecretEquals(std::string_view a, std::string_view b) {
  Digest da = Sha256(a);
  Digest db = Sha256(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

std::optional<std::string> CryptHashProblem(const std::string& hash) {
  switch (crypt_checksalt(hash.c_str())) {
    case CRYPT_SALT_OK:
      return std::nullopt;
    case CRYPT_SALT_METHOD_LEGACY:
      return "is no strong crypt(3) hash (DES, MD5, sha256crypt or plain text); use "
             "`drove-controller hash-password` or `drove-epoch hash-password` (yescrypt) or "
             "bcrypt";
    default:
      return "is no crypt(3) hash libcrypt knows (expected e.g. $y$... or $2b$...)";
  }
}

bool CryptPasswordMatches(const std::string& password, const std::string& hash) {
  if (CryptHashProblem(hash)) return false;
  auto data = Scratch();
  const char* out = crypt_r(password.c_str(), hash.c_str(), data.get());
  if (out == nullptr || out[0] == '*') return false;
  return SecretEquals(out, hash);
}

Result<std::string> HashPassword(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // No random bytes given: libcrypt takes them from the OS (getrandom).
  if (crypt_gensalt_rn("$y$", 0, nullptr, 0, salt, sizeof(salt)) == nullptr) {
    return Result<std::string>::Error(std::string("cannot make a yescrypt salt: ") +
                                      std::strerror(errno));
  }
  auto data = Scratch();
  const char* out = crypt_r(password.c_str(), salt, data.get());
  if (out == nullptr || out[0] == '*') {
    return Result<std::string>::Error(std::string("yescrypt failed: ") + std::strerror(errno));
  }
  return std::string(out);
}

}  // namespace drove::core
