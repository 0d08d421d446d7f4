// App-instance tokens: Drove's claims, jti binding, expiry, and what the authenticator makes of
// them.
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/core/util/base64.h"
#include "orchestrator/core/util/jwt.h"

namespace drove::controller {
namespace {

using nlohmann::json;

const InstanceTokenInfo kInfo{"test_app", "inst1", "exec1"};

// Built with python3 in the shape java-jwt gives Drove's tokens (its key order), secret
// "test-secret"; jti = uuid.UUID(bytes=md5(b"test_app:inst1:exec1").digest(), version=3).
constexpr const char* kDroveShapedToken =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
    "eyJzdWIiOiJkcm92ZS1jb250cm9sbGVyIiwiYXVkIjoiZHJvdmUtYXBwbGljYXRpb24taW5zdGFuY2UiLCJkcm92ZUV4"
    "ZWN1dG9ySWQiOiJleGVjMSIsImRyb3ZlSW5zdGFuY2VJZCI6Imluc3QxIiwiaXNzIjoiZHJvdmUiLCJkcm92ZUFwcElk"
    "IjoidGVzdF9hcHAiLCJpYXQiOjE3MDAwMDAwMDAsImp0aSI6ImY5YzBlZGJjLWNmODUtM2ExMS1hNjg3LWMyMTQyMDY3"
    "YTBiYyJ9._MDb3awbbyG-eJhJTtT-y0dZpIwdsfkYWdjPTr6JPTg";

// A little after kDroveShapedToken's iat, so its lifetime has not run out.
constexpr int64_t kNowMillis = 1'700'000'123'456;
constexpr int64_t kDay = 24 * 3600;

json Payload(const std::string& token) {
  size_t dot1 = token.find('.');
  size_t dot2 = token.rfind('.');
  return json::parse(*core::Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
}

// Drove's claims with `change` applied, signed with "test-secret".
std::string Altered(const std::function<void(json&)>& change) {
  json claims = Payload(kDroveShapedToken);
  change(claims);
  return core::SignJwtHs256(claims, "test-secret");
}

HeaderLookup InstanceHeader(std::string token) {
  return [token](std::string_view name) -> std::optional<std::string> {
    if (name == "App-Instance-Authorization") return token;
    return std::nullopt;
  };
}

BOOST_AUTO_TEST_SUITE(instance_token)

BOOST_AUTO_TEST_CASE(minted_tokens_carry_drove_claims_and_verify) {
  core::ManualClock clock(kNowMillis);
  InstanceTokenManager tokens("test-secret", std::chrono::hours(24), &clock);
  std::string token = tokens.Mint(kInfo);
  json claims = Payload(token);
  BOOST_TEST(claims == json({{"iss", "drove"},
                             {"aud", "drove-application-instance"},
                             {"sub", "drove-controller"},
                             {"iat", 1'700'000'123},
                             {"exp", 1'700'000'123 + kDay},
                             {"droveAppId", "test_app"},
                             {"droveInstanceId", "inst1"},
                             {"droveExecutorId", "exec1"},
                             {"jti", "f9c0edbc-cf85-3a11-a687-c2142067a0bc"}}));
  auto info = tokens.Verify(token);
  BOOST_TEST_REQUIRE(info.ok(), info.error());
  BOOST_TEST((*info == kInfo));
}

BOOST_AUTO_TEST_CASE(accepts_a_token_built_as_drove_builds_it) {
  core::ManualClock clock(kNowMillis);
  auto info = InstanceTokenManager("test-secret", kDefaultInstanceTokenLifetime, &clock)
                  .Verify(kDroveShapedToken);
  BOOST_TEST_REQUIRE(info.ok(), info.error());
  BOOST_TEST((*info == kInfo));
  BOOST_TEST(!InstanceTokenManager("DEFAULT_SECRET", kDefaultInstanceTokenLifetime, &clock)
                  .Verify(kDroveShapedToken)
                  .ok());
}

BOOST_AUTO_TEST_CASE(a_token_expires_at_its_exp) {
  core::ManualClock clock(kNowMillis);
  InstanceTokenManager tokens("test-secret", std::chrono::hours(1), &clock);
  std::string token = tokens.Mint(kInfo);
  clock.Advance(std::chrono::minutes(59));
  BOOST_TEST(tokens.Verify(token).ok());
  clock.Advance(std::chrono::minutes(1));
  BOOST_TEST(tokens.Verify(token).error() == "token expired");
  // A longer lifetime on the verifying side does not stretch the exp the token carries.
  InstanceTokenManager lenient("test-secret", std::chrono::hours(48), &clock);
  BOOST_TEST(!lenient.Verify(token).ok());
}

BOOST_AUTO_TEST_CASE(a_token_without_exp_lives_its_iat_plus_the_configured_lifetime) {
  core::ManualClock clock((1'700'000'000 + 10 * kDay) * 1000);
  // kDroveShapedToken (iat 1'700'000'000, no exp) is 10 days old.
  BOOST_TEST(InstanceTokenManager("test-secret", std::chrono::hours(11 * 24), &clock)
                 .Verify(kDroveShapedToken)
                 .ok());
  BOOST_TEST(InstanceTokenManager("test-secret", std::chrono::hours(10 * 24), &clock)
                 .Verify(kDroveShapedToken)
                 .error() == "token older than instanceAuth.tokenLifetime");
  // A shortened lifetime also ends tokens minted (with a longer exp) before the change.
  InstanceTokenManager before("test-secret", std::chrono::hours(365 * 24), &clock);
  std::string minted = before.Mint(kInfo);
  clock.Advance(std::chrono::hours(2));
  BOOST_TEST(
      !InstanceTokenManager("test-secret", std::chrono::hours(1), &clock).Verify(minted).ok());
  BOOST_TEST(InstanceTokenManager("test-secret", std::chrono::hours(1), &clock)
                 .Verify(Altered([](json& c) { c.erase("iat"); }))
                 .error() == "no iat");
}

BOOST_AUTO_TEST_CASE(refuses_wrong_issuer_audience_subject_or_a_jti_that_does_not_bind) {
  core::ManualClock clock(kNowMillis);
  InstanceTokenManager tokens("test-secret", kDefaultInstanceTokenLifetime, &clock);
  BOOST_TEST(tokens
                 .Verify(Altered([](json& c) {
                   c["aud"] = json::array({"x", "drove-application-instance"});
                 }))
                 .ok());
  BOOST_TEST(tokens.Verify(Altered([](json& c) { c["iss"] = "other"; })).error() == "wrong iss");
  BOOST_TEST(tokens.Verify(Altered([](json& c) { c["aud"] = "other"; })).error() == "wrong aud");
  BOOST_TEST(tokens.Verify(Altered([](json& c) { c.erase("sub"); })).error() == "wrong sub");
  BOOST_TEST(tokens.Verify(Altered([](json& c) { c["droveExecutorId"] = "exec2"; })).error() ==
             "jti does not match the instance claims");
  BOOST_TEST(tokens.Verify(Altered([](json& c) { c["droveAppId"] = 7; })).error() ==
             "missing drove claims");
  BOOST_TEST(!tokens.Verify("WrongToken").ok());
}

BOOST_AUTO_TEST_CASE(the_authenticator_makes_an_instance_principal_from_a_valid_token) {
  ControllerConfig config;
  config.instance_auth_secret = "test-secret";
  Authenticator auth(config);
  auto principal =
      auth.Authenticate(InstanceHeader(InstanceTokenManager("test-secret").Mint(kInfo)));
  BOOST_TEST_REQUIRE(principal.has_value());
  BOOST_TEST((principal->kind == PrincipalKind::kAppInstance));
  BOOST_TEST(principal->name == "test_app:inst1");
  BOOST_TEST((principal->instance == kInfo));
  BOOST_TEST(auth.Permits(*principal, Access::kAppInstance));
  BOOST_TEST(auth.Permits(*principal, Access::kAnyPrincipal));
  for (Access other : {Access::kAnyAuthenticated, Access::kReadWrite, Access::kMaintenance,
                       Access::kLogRead, Access::kClusterNode}) {
    BOOST_TEST(!auth.Permits(*principal, other));
  }
  BOOST_TEST(!auth.Authenticate(InstanceHeader("x.y.z")).has_value());
  // disableReadAuth opens log files to every principal but app instances.
  config.disable_read_auth = true;
  BOOST_TEST(!Authenticator(config).Permits(*principal, Access::kLogRead));
}

BOOST_AUTO_TEST_CASE(the_authenticator_refuses_a_token_past_the_configured_lifetime) {
  ControllerConfig config;
  config.instance_auth_secret = "test-secret";
  config.instance_token_lifetime = std::chrono::hours(1);
  Authenticator auth(config);
  const int64_t now = core::SystemClock::Instance().NowMillis();
  core::ManualClock two_hours_ago(now - 2 * 3600 * 1000);
  core::ManualClock a_minute_ago(now - 60 * 1000);
  auto minted_at = [](const core::Clock& clock, std::chrono::milliseconds lifetime) {
    return InstanceTokenManager("test-secret", lifetime, &clock).Mint(kInfo);
  };
  BOOST_TEST(auth.Authenticate(InstanceHeader(minted_at(a_minute_ago, std::chrono::hours(1))))
                 .has_value());
  BOOST_TEST(!auth.Authenticate(InstanceHeader(minted_at(two_hours_ago, std::chrono::hours(1))))
                  .has_value());
  // Its own exp is not enough either: the configured lifetime bounds every token.
  BOOST_TEST(!auth.Authenticate(InstanceHeader(minted_at(two_hours_ago, std::chrono::hours(24))))
                  .has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
