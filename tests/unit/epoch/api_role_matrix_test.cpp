// drove-epoch's role matrix proven route by route: every route on the API port (the EpochApi's
// and /metrics, as main.cpp registers them), called by every kind of caller over a live server,
// answers 401 / 403 / served exactly as the matrix says, with Epoch's 401 and 403 bodies.
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "orchestrator/core/auth/secrets.h"
#include "orchestrator/core/net/basic_auth.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/epoch/api/epoch_api.h"
#include "orchestrator/epoch/api/role_matrix.h"
#include "orchestrator/epoch/cron/time_zone.h"
#include "orchestrator/epoch/metrics/metrics_route.h"
#include "orchestrator/epoch/scheduling/run_retention.h"
#include "orchestrator/store/memory_store.h"
#include "tests/unit/epoch/fake_drove.h"
#include "tests/unit/route_walk.h"

namespace drove::epoch::api {
namespace {

using drove::testing::CheckAnswer;
using drove::testing::Expected;
using drove::testing::ExpectedFor;
using drove::testing::PathFor;
using Headers = std::map<std::string, std::string>;
using namespace std::chrono_literals;

const char* kRwToken = "epoch-bearer-token-read-write-0123456789";
const char* kRoToken = "epoch-bearer-token-read-only-0123456789";
// bcrypt("secret") at cost 4, made with libcrypt.
const char* kBcryptSecret = "$2b$04$SEc7VXcxW6rHX.V2J8F9beT/XeF/3Mh1sx0H5drro8S/tb7JUoXPG";

EpochConfig MatrixConfig(bool enabled) {
  static const std::string yescrypt_pw = core::HashPassword("hashed-pw").value();
  using core::PasswordEncoding;
  EpochConfig config;
  config.user_auth_enabled = enabled;
  config.users = {
      {"admin", "admin", EpochRole::kReadWrite, PasswordEncoding::kPlain},
      {"guest", "guest", EpochRole::kReadOnly, PasswordEncoding::kPlain},
      {"hashed", yescrypt_pw, EpochRole::kReadWrite, PasswordEncoding::kCrypt},
      {"bcrypt", kBcryptSecret, EpochRole::kReadOnly, PasswordEncoding::kCrypt},
  };
  config.tokens = {{"ci-bot", kRwToken, EpochRole::kReadWrite},
                   {"dashboard", kRoToken, EpochRole::kReadOnly}};
  return config;
}

// One caller: its headers and the role it should be given; no role means 401.
struct Caller {
  std::string name;
  Headers headers;
  std::optional<EpochRole> role;
};

std::vector<Caller> Callers() {
  auto basic = [](const char* user, const char* password) {
    return Headers{{"Authorization", core::BasicAuthHeader(user, password)}};
  };
  auto bearer = [](const std::string& token) {
    return Headers{{"Authorization", "Bearer " + token}};
  };
  return {
      {"none", {}, std::nullopt},
      {"wrong password", basic("admin", "nope"), std::nullopt},
      {"unknown user", basic("nobody", "nobody"), std::nullopt},
      {"crypt user, wrong password", basic("hashed", "hashed"), std::nullopt},
      {"unknown bearer token", bearer("not-a-configured-token-0123456789abc"), std::nullopt},
      {"a user's password as a token", bearer("admin"), std::nullopt},
      {"read-only", basic("guest", "guest"), EpochRole::kReadOnly},
      {"read-write", basic("admin", "admin"), EpochRole::kReadWrite},
      {"yescrypt read-write", basic("hashed", "hashed-pw"), EpochRole::kReadWrite},
      {"bcrypt read-only", basic("bcrypt", "secret"), EpochRole::kReadOnly},
      {"bearer read-write", bearer(kRwToken), EpochRole::kReadWrite},
      {"bearer read-only", bearer(kRoToken), EpochRole::kReadOnly},
  };
}

// drove-epoch's application port as main.cpp builds it without an admin connector (so /metrics is
// on it too), over an in-memory store and a scripted Drove, on 127.0.0.1:<free port>.
class LiveEpoch {
 public:
  explicit LiveEpoch(const EpochConfig& config)
      : repository_(
            std::make_unique<store::MemoryStore>(std::make_shared<store::MemoryStore::Data>())),
        scheduler_(repository_, drove_, clock_, RunSettings{"APP", 1000ms, 3, 1000ms},
                   cron::TimeZone::Utc(), RetentionSettings{5, 0}),
        server_(loop_) {
    auto audit = core::AuditTrail::Open(core::AuditConfig{}, {"POST", "PUT", "DELETE"});
    api_ = std::make_unique<EpochApi>(
        ApiContext{repository_, scheduler_, drove_, clock_, "APP", "http://127.0.0.1:1"}, config,
        std::move(audit).value());
    api_->Register(&server_);
    AddMetricsRoute(&server_, metrics_, repository_, scheduler_);
    if (auto st = server_.Bind("127.0.0.1", 0); !st.ok()) throw std::runtime_error(st.message());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~LiveEpoch() {
    api_->Stop();
    loop_.Stop();
    thread_.join();
  }

  // Every route of the port: the API's, and /metrics, which main.cpp adds beside them.
  std::vector<std::pair<std::string, std::string>> Routes() const {
    std::vector<std::pair<std::string, std::string>> routes = {{"GET", kMetricsPath}};
    for (const RouteSpec& route : api_->routes()) routes.emplace_back(route.method, route.pattern);
    return routes;
  }

  core::HttpResponse Call(const std::string& method, const std::string& path,
                          const Headers& headers) {
    core::HttpTarget target;
    target.host = "127.0.0.1";
    target.port = server_.port();
    auto response = core::HttpClient::Send(target, {method, path, headers, ""}, 10s);
    if (!response.ok()) throw std::runtime_error(response.error());
    return *response;
  }

  const EpochApi& api() const { return *api_; }

 private:
  core::ManualClock clock_{1705314600000};
  testing::FakeDrove drove_;
  EpochRepository repository_;
  SchedulerCore scheduler_;
  EpochMetrics metrics_;
  core::EventLoop loop_;
  core::HttpServer server_;
  std::unique_ptr<EpochApi> api_;
  std::thread thread_;
};

// Epoch's refusals to the letter (epoch-api.md 0).
void CheckRefusalShape(const core::HttpResponse& r, const std::string& what) {
  if (r.status == 401) {
    BOOST_TEST(r.headers.count("www-authenticate") == 1u, what);
    if (r.headers.count("www-authenticate")) {
      BOOST_TEST(r.headers.at("www-authenticate") == "Basic realm=\"realm\"", what);
    }
    BOOST_TEST(r.body == "Credentials are required to access this resource.", what);
  } else if (r.status == 403) {
    BOOST_TEST(r.body.empty(), what);
  }
}

BOOST_AUTO_TEST_SUITE(epoch_role_matrix)

BOOST_AUTO_TEST_CASE(every_route_has_exactly_one_row_and_every_row_a_route) {
  LiveEpoch epoch(MatrixConfig(true));
  std::set<std::string> routes;
  for (const auto& [method, pattern] : epoch.Routes()) {
    routes.insert(method + " " + pattern);
    BOOST_TEST(RequiredAccess(method, pattern).has_value(), method << " " << pattern << " no row");
  }
  std::set<std::string> rows;
  for (const RoleMatrixRow& row : RoleMatrix()) {
    std::string key = std::string(row.method) + " " + std::string(row.pattern);
    BOOST_TEST(rows.insert(key).second, key << " has two rows");
    BOOST_TEST(routes.count(key) == 1u, key << " is a row without a route");
  }
}

// Epoch's rule, written independently of the table: reads for any user, everything else
// READ_WRITE; and a route that runs on the writer thread is one that needs READ_WRITE.
BOOST_AUTO_TEST_CASE(the_matrix_agrees_with_epoch_rules) {
  LiveEpoch epoch(MatrixConfig(true));
  for (const auto& [method, pattern] : epoch.Routes()) {
    const EpochAccess rule = method == "GET" ? EpochAccess::kAnyUser : EpochAccess::kReadWrite;
    BOOST_TEST((RequiredAccess(method, pattern) == rule), method << " " << pattern);
  }
  for (const RouteSpec& route : epoch.api().routes()) {
    BOOST_TEST(
        (route.write == (RequiredAccess(route.method, route.pattern) == EpochAccess::kReadWrite)),
        route.method << " " << route.pattern);
  }
}

BOOST_AUTO_TEST_CASE(every_route_answers_every_caller_as_the_matrix_says) {
  LiveEpoch epoch(MatrixConfig(true));
  const std::vector<Caller> callers = Callers();
  for (const auto& [method, pattern] : epoch.Routes()) {
    const std::string where = method + " " + pattern;
    auto access = RequiredAccess(method, pattern);
    BOOST_TEST_REQUIRE(access.has_value(), where << ": no row in the role matrix");
    for (const Caller& caller : callers) {
      const bool admits = caller.role && Admits(*access, *caller.role);
      auto r = epoch.Call(method, PathFor(pattern), caller.headers);
      const std::string what = where + " as " + caller.name + ": " + std::to_string(r.status);
      CheckAnswer(r.status, ExpectedFor(caller.role.has_value(), admits), what);
      CheckRefusalShape(r, what);
    }
  }
}

BOOST_AUTO_TEST_CASE(without_user_auth_every_route_is_open_to_anyone) {
  LiveEpoch epoch(MatrixConfig(false));
  for (const auto& [method, pattern] : epoch.Routes()) {
    for (const Caller& caller : Callers()) {
      auto r = epoch.Call(method, PathFor(pattern), caller.headers);
      CheckAnswer(r.status, Expected::kServed,
                  method + " " + pattern + " as " + caller.name + ": " + std::to_string(r.status));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::epoch::api
