// The role matrix proven route by route: every controller route, called by every kind of principal
// over a live server, answers 401 / 403 / served exactly as the matrix says, and the matrix itself
// agrees with Drove's rules (drove-api.md 1.5).
#include <boost/test/unit_test.hpp>
#include <set>

#include "orchestrator/controller/api/role_matrix.h"
#include "orchestrator/core/auth/secrets.h"
#include "tests/unit/controller/api_test_support.h"
#include "tests/unit/route_walk.h"

namespace drove::controller::testing {
namespace {

using drove::testing::CheckAnswer;
using drove::testing::ExpectedFor;
using drove::testing::PathFor;
using Headers = std::map<std::string, std::string>;

const char* kToken = "bearer-token-for-the-role-matrix-test-0123456789";
// bcrypt("secret") at cost 4, made with libcrypt.
const char* kBcryptMaint = "$2b$04$SEc7VXcxW6rHX.V2J8F9beT/XeF/3Mh1sx0H5drro8S/tb7JUoXPG";

// One caller: its headers and the role it should be given; no role means 401.
struct Caller {
  std::string name;
  Headers headers;
  std::optional<Role> role;
};

ControllerConfig MatrixConfig(bool disable_read_auth) {
  ControllerConfig config = TestConfig();  // admin RW, guest RO, maint MAINTENANCE, root ROOT
  static const std::string yescrypt_guest = core::HashPassword("hashed-pw").value();
  config.users.push_back(
      {"hashed", yescrypt_guest, UserRole::kExternalReadOnly, PasswordEncoding::kCrypt});
  config.users.push_back(
      {"bcrypt", kBcryptMaint, UserRole::kExternalMaintenance, PasswordEncoding::kCrypt});
  config.tokens.push_back({"ci-bot", kToken, UserRole::kExternalReadWrite});
  config.disable_read_auth = disable_read_auth;
  return config;
}

std::vector<Caller> Callers(const ControllerConfig& config) {
  InstanceTokenManager tokens(config.InstanceAuthSecret());
  InstanceTokenManager forger("not-the-secret");
  const InstanceTokenInfo instance{"A-1", "AI-1", "E-1"};
  return {
      {"none", {}, std::nullopt},
      {"wrong password", {{"Authorization", BasicAuth("root", "nope")}}, std::nullopt},
      {"unknown user", {{"Authorization", BasicAuth("nobody", "nobody")}}, std::nullopt},
      {"unknown bearer token", {{"Authorization", "Bearer not-a-configured-token"}}, std::nullopt},
      {"wrong cluster secret", {{"Cluster-Authorization", "guess"}, {"NodeId", "n"}}, std::nullopt},
      {"forged instance token",
       {{"App-Instance-Authorization", forger.Mint(instance)}},
       std::nullopt},
      {"root", {{"Authorization", BasicAuth("root", "root")}}, Role::kExternalRoot},
      {"read-write", {{"Authorization", BasicAuth("admin", "admin")}}, Role::kExternalReadWrite},
      {"maintenance", {{"Authorization", BasicAuth("maint", "maint")}}, Role::kExternalMaintenance},
      {"read-only", {{"Authorization", BasicAuth("guest", "guest")}}, Role::kExternalReadOnly},
      {"yescrypt read-only",
       {{"Authorization", BasicAuth("hashed", "hashed-pw")}},
       Role::kExternalReadOnly},
      {"bcrypt maintenance",
       {{"Authorization", BasicAuth("bcrypt", "secret")}},
       Role::kExternalMaintenance},
      {"bearer read-write",
       {{"Authorization", std::string("Bearer ") + kToken}},
       Role::kExternalReadWrite},
      {"controller secret",
       {{"Cluster-Authorization", "DefaultControllerSecret"}, {"NodeId", "c"}},
       Role::kControllerNode},
      {"executor secret",
       {{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e"}},
       Role::kExecutorNode},
      {"instance token",
       {{"App-Instance-Authorization", tokens.Mint(instance)}},
       Role::kAppInstance},
  };
}

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }
bool EndsWith(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Drove's rules as drove-api.md 1.5 states them, written independently of the matrix.
Access DroveAccess(const std::string& method, const std::string& pattern) {
  if (pattern == "/apis/v1/ping") return Access::kAnyPrincipal;
  if (StartsWith(pattern, "/apis/v1/logfiles/")) return Access::kLogRead;
  if (pattern == "/apis/v1/messages" || StartsWith(pattern, "/apis/v1/internal/cluster/")) {
    return Access::kClusterNode;
  }
  if (pattern == "/apis/v1/internal/instances") return Access::kAppInstance;
  if (method == "POST" && (EndsWith(pattern, "/operations") || EndsWith(pattern, "/cancel"))) {
    return Access::kReadWrite;
  }
  if (method == "POST" &&
      (EndsWith(pattern, "blacklist") || StartsWith(pattern, "/apis/v1/cluster/maintenance/"))) {
    return Access::kMaintenance;
  }
  // What is left must be a read: a GET, spec validation, the rule dry run, DELETE of a task.
  BOOST_TEST((method == "GET" || EndsWith(pattern, "/validate/spec") ||
              EndsWith(pattern, "/rule/dryrun") ||
              (method == "DELETE" && StartsWith(pattern, "/apis/v1/tasks/"))),
             method + " " + pattern + " is no read but Drove's rules give it to any user");
  return Access::kAnyAuthenticated;
}

void WalkEveryRoute(bool disable_read_auth) {
  ControllerConfig config = MatrixConfig(disable_read_auth);
  LiveApi api(config);
  const std::vector<Caller> callers = Callers(config);
  for (const api::Route& route : api.api().routes()) {
    const std::string where = route.method + " " + route.pattern;
    BOOST_TEST_REQUIRE(route.access.has_value(), where << ": no row in the role matrix");
    const RoleSet admitted = AdmittedRoles(*route.access, disable_read_auth);
    for (const Caller& caller : callers) {
      const bool admits = caller.role && admitted.test(static_cast<size_t>(*caller.role));
      // A served event stream never ends: a bad lastEventId makes its handler answer 400 at once.
      std::string path = PathFor(route.pattern);
      if (route.pattern == "/apis/v1/cluster/events/stream") path += "?lastEventId=x";
      auto r = api.Call(route.method, path, "", caller.headers);
      CheckAnswer(r.status, ExpectedFor(caller.role.has_value(), admits),
                  where + " as " + caller.name + ": " + std::to_string(r.status));
    }
  }
}

BOOST_AUTO_TEST_SUITE(controller_role_matrix)

BOOST_AUTO_TEST_CASE(every_route_has_exactly_one_row_and_every_row_a_route) {
  LiveApi api;
  std::set<std::string> routes;
  for (const api::Route& route : api.api().routes()) {
    routes.insert(route.method + " " + route.pattern);
    BOOST_TEST(route.access.has_value(), route.method << " " << route.pattern << " has no row");
  }
  std::set<std::string> rows;
  for (const api::RoleMatrixRow& row : api::RoleMatrix()) {
    std::string key = std::string(row.method) + " " + std::string(row.pattern);
    BOOST_TEST(rows.insert(key).second, key << " has two rows");
    BOOST_TEST(routes.count(key) == 1u, key << " is a row without a route");
  }
}

BOOST_AUTO_TEST_CASE(the_matrix_agrees_with_drove_rules) {
  LiveApi api;
  for (const api::Route& route : api.api().routes()) {
    if (!route.access) continue;  // the test above fails for it
    BOOST_TEST((*route.access == DroveAccess(route.method, route.pattern)),
               route.method << " " << route.pattern << " is " << AccessName(*route.access));
  }
}

BOOST_AUTO_TEST_CASE(each_access_level_admits_drove_roles) {
  auto labels = [](Access access, bool disable_read_auth) {
    std::set<std::string> out;
    RoleSet roles = AdmittedRoles(access, disable_read_auth);
    for (Role role : AllRoles()) {
      if (roles.test(static_cast<size_t>(role))) out.insert(std::string(RoleLabel(role)));
    }
    return out;
  };
  const std::set<std::string> users = {"EXTERNAL_ROOT", "EXTERNAL_READ_WRITE",
                                       "DROVE_EXTERNAL_MAINTENANCE", "EXTERNAL_READ_ONLY"};
  std::set<std::string> authenticated = users;
  authenticated.insert({"CONTROLLER_NODE", "EXECUTOR_NODE"});
  std::set<std::string> everyone = authenticated;
  everyone.insert("DROVE_APPLICATION_INSTANCE");
  using S = std::set<std::string>;
  BOOST_TEST((labels(Access::kAnyPrincipal, false) == everyone));
  BOOST_TEST((labels(Access::kAnyAuthenticated, false) == authenticated));
  BOOST_TEST((labels(Access::kReadWrite, false) == S{"EXTERNAL_ROOT", "EXTERNAL_READ_WRITE"}));
  BOOST_TEST(
      (labels(Access::kMaintenance, false) == S{"EXTERNAL_ROOT", "DROVE_EXTERNAL_MAINTENANCE"}));
  BOOST_TEST((labels(Access::kLogRead, false) ==
              S{"EXTERNAL_ROOT", "EXTERNAL_READ_WRITE", "EXTERNAL_READ_ONLY"}));
  BOOST_TEST((labels(Access::kLogRead, true) == authenticated));
  BOOST_TEST((labels(Access::kClusterNode, false) == S{"EXECUTOR_NODE"}));
  BOOST_TEST((labels(Access::kAppInstance, false) == S{"DROVE_APPLICATION_INSTANCE"}));
}

BOOST_AUTO_TEST_CASE(every_route_answers_every_principal_as_the_matrix_says) {
  WalkEveryRoute(false);
}

BOOST_AUTO_TEST_CASE(with_disable_read_auth_every_route_still_answers_as_the_matrix_says) {
  WalkEveryRoute(true);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
