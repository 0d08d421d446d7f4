// App-instance tokens: Drove's claims, jti binding, and what the authenticator makes of them.
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

BOOST_AUTO_TEST_SUITE(instance_token)

BOOST_AUTO_TEST_CASE(minted_tokens_carry_drove_claims_and_verify) {
  core::ManualClock clock(1'700'000'123'456);
  InstanceTokenManager tokens("test-secret", &clock);
  std::string token = tokens.Mint(kInfo);
  json claims = Payload(token);
  BOOST_TEST(claims == json({{"iss", "drove"},
                             {"aud", "drove-application-instance"},
                             {"sub", "drove-controller"},
                             {"iat", 1'700'000'123},
                             {"droveAppId", "test_app"},
                             {"droveInstanceId", "inst1"},
                             {"droveExecutorId", "exec1"},
                             {"jti", "f9c0edbc-cf85-3a11-a687-c2142067a0bc"}}));
  auto info = tokens.Verify(token);
  BOOST_TEST_REQUIRE(info.ok(), info.error());
  BOOST_TEST((*info == kInfo));
}

BOOST_AUTO_TEST_CASE(accepts_a_token_built_as_drove_builds_it) {
  auto info = InstanceTokenManager("test-secret").Verify(kDroveShapedToken);
  BOOST_TEST_REQUIRE(info.ok(), info.error());
  BOOST_TEST((*info == kInfo));
  BOOST_TEST(!InstanceTokenManager("DEFAULT_SECRET").Verify(kDroveShapedToken).ok());
}

BOOST_AUTO_TEST_CASE(refuses_wrong_issuer_audience_subject_or_a_jti_that_does_not_bind) {
  InstanceTokenManager tokens("test-secret");
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
  auto lookup = [](std::string token) {
    return [token](std::string_view name) -> std::optional<std::string> {
      if (name == "App-Instance-Authorization") return token;
      return std::nullopt;
    };
  };
  auto principal = auth.Authenticate(lookup(kDroveShapedToken));
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
  BOOST_TEST(!auth.Authenticate(lookup("x.y.z")).has_value());
  // disableReadAuth opens log files to every principal but app instances.
  config.disable_read_auth = true;
  BOOST_TEST(!Authenticator(config).Permits(*principal, Access::kLogRead));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
