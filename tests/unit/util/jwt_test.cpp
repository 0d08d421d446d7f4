// Tests for HS256 JWT signing and verification, and base64url (RFC 7515 / 7519).
#include "orchestrator/core/util/jwt.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/util/base64.h"

namespace drove::core {
namespace {

using nlohmann::json;

constexpr int64_t kNow = 1'700'000'000;

// RFC 7515 appendix A.1: the HS256 example token and its key.
constexpr const char* kRfcToken =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const std::string kRfcKey = *Base64UrlDecode(
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");

// Built with python3: header.payload signed by hmac.new(b"test-secret", ..., hashlib.sha256).
constexpr const char* kPythonToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJkcm92ZUFwcElkIjoiVEVTVF9BUFAtMSIsImlzcyI6ImRyb3ZlIiwic3ViIjoiZHJvdmUtY29udHJvbGxlciJ9."
    "yLlGnAmZheV0nl1vg4rh3rjqoefXSQ6kwSaua8pPHp8";

// A token with `header` and `payload` (raw JSON text) correctly signed with `secret`.
std::string SignedRaw(const std::string& header, const std::string& payload,
                      const std::string& secret) {
  std::string signed_part = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return signed_part + "." + Base64UrlEncode(HmacSha256(secret, signed_part));
}

BOOST_AUTO_TEST_SUITE(jwt)

BOOST_AUTO_TEST_CASE(base64url_is_unpadded_url_safe_and_strict) {
  BOOST_TEST(Base64UrlEncode(std::string("\xfb\xff", 2)) == "-_8");
  BOOST_TEST(*Base64UrlDecode("-_8") == std::string("\xfb\xff", 2));
  BOOST_TEST(*Base64UrlDecode("") == "");
  BOOST_TEST(!Base64UrlDecode("-_8=").has_value());
  BOOST_TEST(!Base64UrlDecode("+/8").has_value());
  BOOST_TEST(!Base64UrlDecode("abcde").has_value());
  BOOST_TEST(!Base64UrlDecode("ab.c").has_value());
}

BOOST_AUTO_TEST_CASE(verifies_the_rfc_7515_example_until_it_expires) {
  auto claims = VerifyJwtHs256(kRfcToken, kRfcKey, 1300819379);
  BOOST_TEST_REQUIRE(claims.ok(), claims.error());
  BOOST_TEST((*claims)["iss"] == "joe");
  BOOST_TEST((*claims)["http://example.com/is_root"] == true);
  BOOST_TEST(VerifyJwtHs256(kRfcToken, kRfcKey, 1300819380).error() == "token expired");
}

BOOST_AUTO_TEST_CASE(verifies_a_token_signed_elsewhere) {
  auto claims = VerifyJwtHs256(kPythonToken, "test-secret", kNow);
  BOOST_TEST_REQUIRE(claims.ok(), claims.error());
  BOOST_TEST(*claims ==
             json({{"droveAppId", "TEST_APP-1"}, {"iss", "drove"}, {"sub", "drove-controller"}}));
}

BOOST_AUTO_TEST_CASE(signing_matches_an_independent_hmac_and_round_trips) {
  json claims = {{"droveAppId", "TEST_APP-1"}, {"iss", "drove"}, {"sub", "drove-controller"}};
  // nlohmann writes keys sorted and compact, as the python token was built.
  BOOST_TEST(SignJwtHs256(claims, "test-secret") == kPythonToken);
  auto back = VerifyJwtHs256(SignJwtHs256(claims, ""), "", kNow);
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(*back == claims);
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_or_any_tampering_is_a_bad_signature) {
  const std::string token = kPythonToken;
  BOOST_TEST(VerifyJwtHs256(token, "other-secret", kNow).error() == "bad signature");
  // Payload swapped for one that claims another app, old signature kept.
  size_t dot1 = token.find('.');
  size_t dot2 = token.rfind('.');
  std::string forged_payload = Base64UrlEncode(R"({"droveAppId":"OTHER-1","iss":"drove"})");
  std::string forged = token.substr(0, dot1 + 1) + forged_payload + token.substr(dot2);
  BOOST_TEST(VerifyJwtHs256(forged, "test-secret", kNow).error() == "bad signature");
  std::string bad_sig = token;
  bad_sig.back() = bad_sig.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(VerifyJwtHs256(bad_sig, "test-secret", kNow).error() == "bad signature");
  BOOST_TEST(VerifyJwtHs256(token + "A", "test-secret", kNow).error() == "bad signature");
}

BOOST_AUTO_TEST_CASE(alg_none_and_other_algorithms_are_refused) {
  const std::string payload = R"({"iss":"drove"})";
  std::string unsigned_token =
      Base64UrlEncode(R"({"alg":"none"})") + "." + Base64UrlEncode(payload) + ".";
  BOOST_TEST(!VerifyJwtHs256(unsigned_token, "s", kNow).ok());
  // Even with a valid HMAC the header must say HS256.
  for (const char* header : {R"({"alg":"none"})", R"({"alg":"HS512"})", R"({"alg":"hs256"})",
                             R"({"typ":"JWT"})", R"({"alg":["HS256"]})"}) {
    auto result = VerifyJwtHs256(SignedRaw(header, payload, "s"), "s", kNow);
    BOOST_TEST(!result.ok(), header);
  }
  BOOST_TEST(VerifyJwtHs256(SignedRaw(R"({"alg":"none"})", payload, "s"), "s", kNow).error() ==
             "unsupported alg \"none\" (only HS256 is accepted)");
  BOOST_TEST(
      !VerifyJwtHs256(SignedRaw(R"({"alg":"HS256","crit":["x"]})", payload, "s"), "s", kNow).ok());
}

BOOST_AUTO_TEST_CASE(malformed_tokens_are_refused) {
  const std::string header = R"({"alg":"HS256"})";
  for (const std::string& token :
       {std::string(), std::string("WrongToken"), std::string("a.b"), std::string("a.b.c.d"),
        std::string(".."), SignedRaw(header, "[1,2]", "s"), SignedRaw(header, "not json", "s"),
        SignedRaw("[]", "{}", "s"), SignedRaw(header, R"({"exp":"soon"})", "s"),
        std::string(kMaxJwtBytes + 1, 'a')}) {
    BOOST_TEST(!VerifyJwtHs256(token, "s", kNow).ok(), token.substr(0, 60));
  }
}

BOOST_AUTO_TEST_CASE(exp_and_nbf_are_checked_when_present) {
  const std::string header = R"({"alg":"HS256"})";
  BOOST_TEST(VerifyJwtHs256(SignedRaw(header, R"({"exp":1700000001})", "s"), "s", kNow).ok());
  BOOST_TEST(!VerifyJwtHs256(SignedRaw(header, R"({"exp":1700000000})", "s"), "s", kNow).ok());
  BOOST_TEST(VerifyJwtHs256(SignedRaw(header, R"({"nbf":1700000000})", "s"), "s", kNow).ok());
  BOOST_TEST(VerifyJwtHs256(SignedRaw(header, R"({"nbf":1700000001})", "s"), "s", kNow).error() ==
             "token not valid yet");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
