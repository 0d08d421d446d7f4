// Authenticator: cluster secrets, Basic PLAIN and CRYPT (bcrypt) users, exact role rules.
#include <boost/test/unit_test.hpp>

#include <map>

#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/core/util/base64.h"

namespace drove::controller {
namespace {

HeaderLookup Headers(std::map<std::string, std::string> headers) {
  return [headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(std::string(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
}

std::string Basic(const std::string& user, const std::string& password) {
  return "Basic " + core::Base64Encode(user + ":" + password);
}

// bcrypt("secret") at cost 4, made with libcrypt.
const char* kBcryptSecret = "$2b$04$SEc7VXcxW6rHX.V2J8F9beT/XeF/3Mh1sx0H5drro8S/tb7JUoXPG";

BOOST_AUTO_TEST_SUITE(controller_auth)

BOOST_AUTO_TEST_CASE(crypt_password_matches_only_the_right_password) {
  BOOST_TEST(core::CryptPasswordMatches("secret", kBcryptSecret));
  BOOST_TEST(!core::CryptPasswordMatches("Secret", kBcryptSecret));
  BOOST_TEST(!core::CryptPasswordMatches("secret", ""));
  BOOST_TEST(!core::CryptPasswordMatches("secret", "not-a-hash"));
}

BOOST_AUTO_TEST_CASE(crypt_user_authenticates_with_role) {
  ControllerConfig config;
  config.users = {{"ops", kBcryptSecret, UserRole::kExternalMaintenance, PasswordEncoding::kCrypt}};
  Authenticator auth(config);
  for (int i = 0; i < 2; ++i) {  // second time from the cache
    auto p = auth.Authenticate(Headers({{"Authorization", Basic("ops", "secret")}}));
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->name == "ops");
    BOOST_TEST((p->role == UserRole::kExternalMaintenance));
  }
  BOOST_TEST(!auth.Authenticate(Headers({{"Authorization", Basic("ops", "wrong")}})).has_value());
}

BOOST_AUTO_TEST_CASE(cluster_secret_names_the_node) {
  ControllerConfig config;
  Authenticator auth(config);
  auto p = auth.Authenticate(
      Headers({{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "exec-7"}}));
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST((p->kind == PrincipalKind::kClusterNode));
  BOOST_TEST(p->name == "exec-7");
  BOOST_TEST(auth.Permits(*p, Access::kClusterNode));
  BOOST_TEST(auth.Permits(*p, Access::kAnyAuthenticated));
  BOOST_TEST(!auth.Permits(*p, Access::kReadWrite));
  BOOST_TEST(!auth.Permits(*p, Access::kLogRead));
}

BOOST_AUTO_TEST_CASE(roles_are_exact_without_hierarchy) {
  Authenticator auth(ControllerConfig{});
  Principal root{"r", PrincipalKind::kUser, UserRole::kExternalRoot, {}};
  Principal rw{"w", PrincipalKind::kUser, UserRole::kExternalReadWrite, {}};
  Principal ro{"o", PrincipalKind::kUser, UserRole::kExternalReadOnly, {}};
  Principal maint{"m", PrincipalKind::kUser, UserRole::kExternalMaintenance, {}};
  BOOST_TEST(auth.Permits(root, Access::kReadWrite));
  BOOST_TEST(auth.Permits(rw, Access::kReadWrite));
  BOOST_TEST(!auth.Permits(ro, Access::kReadWrite));
  BOOST_TEST(!auth.Permits(maint, Access::kReadWrite));
  BOOST_TEST(auth.Permits(maint, Access::kMaintenance));
  BOOST_TEST(!auth.Permits(rw, Access::kMaintenance));
  BOOST_TEST(auth.Permits(ro, Access::kLogRead));
  BOOST_TEST(!auth.Permits(maint, Access::kLogRead));
  BOOST_TEST(!auth.Permits(root, Access::kClusterNode));
}

BOOST_AUTO_TEST_CASE(disable_read_auth_opens_logfiles_to_any_principal) {
  ControllerConfig config;
  config.disable_read_auth = true;
  Authenticator auth(config);
  Principal maint{"m", PrincipalKind::kUser, UserRole::kExternalMaintenance, {}};
  BOOST_TEST(auth.Permits(maint, Access::kLogRead));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
