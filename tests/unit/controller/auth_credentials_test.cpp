// Credentials beyond Drove's plain passwords: yescrypt and bcrypt hashes, the hash-password
// subcommand, bearer tokens, and cluster secrets told apart by node type.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <map>
#include <tuple>

#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/controller/auth/hash_password_command.h"
#include "orchestrator/core/net/basic_auth.h"

namespace drove::controller {
namespace {

HeaderLookup Headers(std::map<std::string, std::string> headers) {
  return [headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(std::string(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
}

// Runs the subcommand on `input`; returns (exit code, stdout, stderr).
std::tuple<int, std::string, std::string> HashCommand(const std::string& input) {
  std::FILE* in = std::tmpfile();
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  std::fwrite(input.data(), 1, input.size(), in);
  std::rewind(in);
  int code = RunHashPassword(in, out, err);
  auto slurp = [](std::FILE* f) {
    std::string text;
    std::rewind(f);
    for (int c; (c = std::fgetc(f)) != EOF;) text.push_back(static_cast<char>(c));
    std::fclose(f);
    return text;
  };
  std::fclose(in);
  std::string out_text = slurp(out);
  return {code, out_text, slurp(err)};
}

const std::string kToken = "0123456789abcdef0123456789abcdef-token";

BOOST_AUTO_TEST_SUITE(controller_credentials)

BOOST_AUTO_TEST_CASE(secret_equality_is_exact_for_any_lengths) {
  BOOST_TEST(core::SecretEquals("abc", "abc"));
  BOOST_TEST(!core::SecretEquals("abc", "abd"));
  BOOST_TEST(!core::SecretEquals("abc", "abcd"));
  BOOST_TEST(!core::SecretEquals("", "a"));
  BOOST_TEST(core::SecretEquals("", ""));
}

BOOST_AUTO_TEST_CASE(hash_password_makes_a_yescrypt_hash_that_verifies) {
  auto hash = core::HashPassword("pa ss:word");
  BOOST_REQUIRE(hash.ok());
  BOOST_TEST(hash->rfind("$y$", 0) == 0u);
  BOOST_TEST(!core::CryptHashProblem(*hash).has_value());
  BOOST_TEST(core::CryptPasswordMatches("pa ss:word", *hash));
  BOOST_TEST(!core::CryptPasswordMatches("pa ss:wore", *hash));
  const std::string again = core::HashPassword("pa ss:word").value();
  BOOST_TEST(again != *hash, "a fresh salt each time");
}

BOOST_AUTO_TEST_CASE(weak_or_unknown_hashes_are_refused) {
  BOOST_TEST(core::CryptHashProblem("$1$salt$abcdefghijklmnopqrstuv").has_value());  // MD5
  BOOST_TEST(core::CryptHashProblem("plain-text-password").has_value());             // DES salt
  BOOST_TEST(core::CryptHashProblem("").has_value());
  BOOST_TEST(!core::CryptPasswordMatches("pl", "plain-text-password"));
}

BOOST_AUTO_TEST_CASE(hash_password_command_reads_one_line_and_prints_the_hash) {
  auto [code, out, err] = HashCommand("s3cret\r\nignored\n");
  BOOST_TEST(code == 0);
  BOOST_TEST(err.empty());
  BOOST_REQUIRE(out.size() > 1u);
  BOOST_TEST(out.back() == '\n');
  std::string hash = out.substr(0, out.size() - 1);
  BOOST_TEST(core::CryptPasswordMatches("s3cret", hash));
}

BOOST_AUTO_TEST_CASE(hash_password_command_refuses_an_empty_password_in_one_line) {
  auto [code, out, err] = HashCommand("");
  BOOST_TEST(code != 0);
  BOOST_TEST(out.empty());
  BOOST_TEST(std::count(err.begin(), err.end(), '\n') == 1);
  std::tie(code, out, err) = HashCommand(std::string(5000, 'x'));
  BOOST_TEST(code != 0);
  BOOST_TEST(std::count(err.begin(), err.end(), '\n') == 1);
}

BOOST_AUTO_TEST_CASE(yescrypt_user_authenticates_and_is_cached) {
  ControllerConfig config;
  config.users = {
      {"ops", core::HashPassword("pw").value(), UserRole::kExternalRoot, PasswordEncoding::kCrypt}};
  Authenticator auth(config);
  for (int i = 0; i < 2; ++i) {
    auto p = auth.Authenticate(Headers({{"Authorization", core::BasicAuthHeader("ops", "pw")}}));
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST((p->scheme == AuthScheme::kBasic));
    BOOST_TEST((p->role == UserRole::kExternalRoot));
  }
  BOOST_TEST(!auth.Authenticate(Headers({{"Authorization", core::BasicAuthHeader("ops", "pW")}})));
}

BOOST_AUTO_TEST_CASE(bearer_token_names_its_principal_and_role) {
  ControllerConfig config;
  config.tokens = {{"deployer", kToken, UserRole::kExternalReadWrite}};
  Authenticator auth(config);
  for (const std::string scheme : {"Bearer ", "bearer ", "BEARER  "}) {
    auto p = auth.Authenticate(Headers({{"Authorization", scheme + kToken}}));
    BOOST_REQUIRE_MESSAGE(p.has_value(), scheme);
    BOOST_TEST(p->name == "deployer");
    BOOST_TEST((p->scheme == AuthScheme::kBearer));
    BOOST_TEST(auth.Permits(*p, Access::kReadWrite));
    BOOST_TEST(!auth.Permits(*p, Access::kMaintenance));
  }
  BOOST_TEST(!auth.Authenticate(Headers({{"Authorization", "Bearer " + kToken + "x"}})));
  BOOST_TEST(!auth.Authenticate(Headers({{"Authorization", "Bearer " + kToken.substr(1)}})));
  BOOST_TEST(!auth.Authenticate(Headers({{"Authorization", "Bearer "}})));
  // A token is no Basic password and the reverse.
  BOOST_TEST(
      !auth.Authenticate(Headers({{"Authorization", core::BasicAuthHeader("deployer", kToken)}})));
}

BOOST_AUTO_TEST_CASE(cluster_secrets_are_told_apart_by_node_type) {
  ControllerConfig config;  // Drove's defaults: DefaultControllerSecret, DefaultExecutorSecret
  Authenticator auth(config);
  auto executor = auth.Authenticate(
      Headers({{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e1"}}));
  auto controller = auth.Authenticate(
      Headers({{"Cluster-Authorization", "DefaultControllerSecret"}, {"NodeId", "c1"}}));
  BOOST_REQUIRE(executor.has_value());
  BOOST_REQUIRE(controller.has_value());
  BOOST_TEST(auth.Permits(*executor, Access::kClusterNode));
  BOOST_TEST(!auth.Permits(*controller, Access::kClusterNode));
  BOOST_TEST(auth.Permits(*controller, Access::kAnyAuthenticated));
  BOOST_TEST(RoleName(*controller) == "DROVE_CLUSTER_NODE");
  // One value configured for both types holds both roles.
  config.cluster_secrets = {{ClusterNodeType::kController, "same"},
                            {ClusterNodeType::kExecutor, "same"}};
  Authenticator shared(config);
  auto both = shared.Authenticate(Headers({{"Cluster-Authorization", "same"}}));
  BOOST_REQUIRE(both.has_value());
  BOOST_TEST((RolesOf(*both) == RolesOf({Role::kControllerNode, Role::kExecutorNode})));
}

BOOST_AUTO_TEST_CASE(disabled_user_auth_is_root_but_says_so) {
  ControllerConfig config;
  config.user_auth_enabled = false;
  auto p = Authenticator(config).Authenticate(Headers({}));
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST((p->scheme == AuthScheme::kAuthDisabled));
  BOOST_TEST(RoleName(*p) == "EXTERNAL_ROOT");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
