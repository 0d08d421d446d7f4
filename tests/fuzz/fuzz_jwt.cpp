// libFuzzer target: arbitrary bytes -> HS256 JWT verifier, raw and as correctly signed segments.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/base64.h"
#include "orchestrator/core/util/jwt.h"

namespace {

using drove::core::Base64UrlDecode;
using drove::core::Base64UrlEncode;
using nlohmann::json;

constexpr std::string_view kSecret = "fuzz-secret";
constexpr int64_t kNow = 1'700'000'000;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

// Whatever is accepted is an object, and only from a header that says HS256.
void CheckAccepted(std::string_view header_json, const drove::core::Result<json>& claims) {
  if (!claims.ok()) return;
  if (!claims->is_object()) Fail("accepted claims that are not an object", header_json);
  json header = json::parse(header_json, nullptr, false);
  if (!header.is_object() || header.value("alg", json()) != "HS256") {
    Fail("accepted a header without alg HS256", header_json);
  }
}

// The input as two raw segments (split at the first NUL, else in the middle), signed with the key,
// so the parsing behind the signature check is reached too.
void VerifySignedSegments(std::string_view text) {
  size_t cut = text.find('\0');
  if (cut == std::string_view::npos) cut = text.size() / 2;
  std::string_view header = text.substr(0, cut);
  std::string_view payload = text.substr(std::min(text.size(), cut + 1));
  std::string signed_part = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  std::string token =
      signed_part + "." + Base64UrlEncode(drove::core::HmacSha256(kSecret, signed_part));
  CheckAccepted(header, drove::core::VerifyJwtHs256(token, kSecret, kNow));
  // The same token under another key must never pass.
  if (drove::core::VerifyJwtHs256(token, "other", kNow).ok()) Fail("wrong key accepted", text);
}

// Any JSON object we sign verifies back to itself (times removed: they may have passed).
void RoundTrip(std::string_view text) {
  json claims = json::parse(text, nullptr, false);
  if (!claims.is_object()) return;
  claims.erase("exp");
  claims.erase("nbf");
  auto back =
      drove::core::VerifyJwtHs256(drove::core::SignJwtHs256(claims, kSecret), kSecret, kNow);
  if (!back.ok() || back->dump() != claims.dump()) Fail("sign/verify round trip", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto raw = drove::core::VerifyJwtHs256(text, kSecret, kNow);
  if (raw.ok() && !raw->is_object()) Fail("raw token accepted with non-object claims", text);
  auto decoded = Base64UrlDecode(text);
  if (decoded && Base64UrlDecode(Base64UrlEncode(*decoded)) != decoded) Fail("base64url", text);
  if (Base64UrlDecode(Base64UrlEncode(text)) != std::optional<std::string>(std::string(text))) {
    Fail("base64url round trip", text);
  }
  VerifySignedSegments(text);
  RoundTrip(text);
  return 0;
}
