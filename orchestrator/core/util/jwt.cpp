// HS256 JWTs over OpenSSL's HMAC; verification refuses before it parses anything unsigned.
#include "orchestrator/core/util/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

#include "orchestrator/core/util/base64.h"

namespace drove::core {
namespace {

using nlohmann::json;

struct Segments {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signed_part;  // header.payload, what the signature covers
};

Result<Segments> Split(std::string_view token) {
  if (token.size() > kMaxJwtBytes) return Status::Error("malformed token: too long");
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Status::Error("malformed token: expected three dot-separated parts");
  }
  Segments s;
  s.header = token.substr(0, first);
  s.payload = token.substr(first + 1, second - first - 1);
  s.signature = token.substr(second + 1);
  s.signed_part = token.substr(0, second);
  return s;
}

// Base64url segment -> JSON object; `what` names the segment in the error.
Result<json> DecodeObject(std::string_view segment, const std::string& what) {
  auto bytes = Base64UrlDecode(segment);
  if (!bytes) return Status::Error("malformed token: " + what + " is not base64url");
  json value = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) {
    return Status::Error("malformed token: " + what + " is not a JSON object");
  }
  return value;
}

Status CheckHeader(const json& header) {
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return Status::Error("token header has no alg");
  if (*alg != "HS256") {
    return Status::Error("unsupported alg " + alg->dump() + " (only HS256 is accepted)");
  }
  // RFC 7515 4.1.11: extensions the verifier does not know must not be ignored.
  if (header.contains("crit")) return Status::Error("token header has crit extensions");
  return Status::Ok();
}

Status CheckTimes(const json& claims, int64_t now_seconds) {
  for (const char* name : {"exp", "nbf"}) {
    auto it = claims.find(name);
    if (it != claims.end() && !it->is_number()) {
      return Status::Error(std::string("token claim ") + name + " is not a number");
    }
  }
  if (claims.contains("exp") && claims["exp"].get<double>() <= static_cast<double>(now_seconds)) {
    return Status::Error("token expired");
  }
  if (claims.contains("nbf") && claims["nbf"].get<double>() > static_cast<double>(now_seconds)) {
    return Status::Error("token not valid yet");
  }
  return Status::Ok();
}

std::string Signature(std::string_view signed_part, std::string_view secret) {
  return Base64UrlEncode(HmacSha256(secret, signed_part));
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  static const char kNoKey = 0;  // OpenSSL wants a non-null pointer even for a 0-byte key
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.empty() ? &kNoKey : key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(), &length);
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string SignJwtHs256(const json& claims, std::string_view secret) {
  static const json kHeader = {{"alg", "HS256"}, {"typ", "JWT"}};
  std::string signed_part = Base64UrlEncode(kHeader.dump()) + "." + Base64UrlEncode(claims.dump());
  return signed_part + "." + Signature(signed_part, secret);
}

Result<json> VerifyJwtHs256(std::string_view token, std::string_view secret, int64_t now_seconds) {
  auto segments = Split(token);
  if (!segments.ok()) return segments.status();
  // Compared as text: the expected signature is canonical base64url, so a re-encoded (or
  // differently padded) signature cannot pass either. An HMAC failure (empty) fails closed.
  const std::string expected = Signature(segments->signed_part, secret);
  if (expected.empty() || segments->signature.size() != expected.size() ||
      CRYPTO_memcmp(segments->signature.data(), expected.data(), expected.size()) != 0) {
    return Status::Error("bad signature");
  }
  auto header = DecodeObject(segments->header, "header");
  if (!header.ok()) return header.status();
  if (Status st = CheckHeader(*header); !st.ok()) return st;
  auto claims = DecodeObject(segments->payload, "payload");
  if (!claims.ok()) return claims.status();
  if (Status st = CheckTimes(*claims, now_seconds); !st.ok()) return st;
  return claims;
}

}  // namespace drove::core
