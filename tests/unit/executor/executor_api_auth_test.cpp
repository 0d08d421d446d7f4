// The executor's route table proven route by route: every route, called by every kind of caller
// over a live server, is open (ping) or answers 401 to anything but the controllers' secret.
#include <boost/test/unit_test.hpp>
#include <thread>

#include "orchestrator/core/net/basic_auth.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/executor/api/executor_api.h"
#include "tests/unit/route_walk.h"

namespace drove::executor {
namespace {

using drove::testing::CheckAnswer;
using drove::testing::Expected;
using drove::testing::PathFor;
using Headers = std::map<std::string, std::string>;

const char* kControllerSecret = "controllers-secret-for-the-test";

// The real HttpServer with the executor's routes on 127.0.0.1:<free port>.
class LiveExecutorApi {
 public:
  LiveExecutorApi() : registry_(RunnerContext{}), server_(loop_) {
    RegisterExecutorRoutes(server_, registry_, Options());
    auto status = server_.Bind("127.0.0.1", 0);
    if (!status.ok()) throw std::runtime_error(status.message());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~LiveExecutorApi() {
    loop_.Stop();
    thread_.join();
  }

  static ExecutorApiOptions Options() { return {kControllerSecret, "/nonexistent-log-dir"}; }

  int Status(const std::string& method, const std::string& path, const Headers& headers) {
    core::HttpTarget target;
    target.host = "127.0.0.1";
    target.port = server_.port();
    core::HttpRequest request;
    request.method = method;
    request.target = path;
    request.headers = headers;
    auto response = core::HttpClient::Send(target, request, std::chrono::seconds(10));
    if (!response.ok()) throw std::runtime_error(response.error());
    return response->status;
  }

  RunnerRegistry& registry() { return registry_; }

 private:
  RunnerRegistry registry_;  // no engine: nothing may start
  core::EventLoop loop_;
  core::HttpServer server_;
  std::thread thread_;
};

BOOST_AUTO_TEST_SUITE(executor_api_auth)

BOOST_AUTO_TEST_CASE(every_route_admits_exactly_what_its_row_says) {
  LiveExecutorApi api;
  struct Caller {
    std::string name;
    Headers headers;
    bool controller;  // presents the controllers' secret
  };
  const std::vector<Caller> callers = {
      {"none", {}, false},
      {"wrong secret", {{"Cluster-Authorization", "guess"}, {"NodeId", "c"}}, false},
      {"executor secret (wrong node type)",
       {{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e"}},
       false},
      {"secret with a suffix",
       {{"Cluster-Authorization", std::string(kControllerSecret) + "x"}},
       false},
      {"user credentials", {{"Authorization", core::BasicAuthHeader("admin", "admin")}}, false},
      {"bearer token", {{"Authorization", std::string("Bearer ") + kControllerSecret}}, false},
      {"instance token", {{"App-Instance-Authorization", "a.b.c"}}, false},
      {"controller secret", {{"Cluster-Authorization", kControllerSecret}, {"NodeId", "c"}}, true},
  };
  auto routes = ExecutorRoutes(api.registry(), LiveExecutorApi::Options());
  BOOST_TEST(routes.size() == 6u, "a new route needs a row here and a look at its access");
  for (const ExecutorRoute& route : routes) {
    for (const Caller& caller : callers) {
      int status = api.Status(route.method, PathFor(route.pattern), caller.headers);
      std::string what =
          route.method + " " + route.pattern + " as " + caller.name + ": " + std::to_string(status);
      const bool admitted = route.access == ExecutorAccess::kOpen || caller.controller;
      CheckAnswer(status, admitted ? Expected::kServed : Expected::kUnauthenticated, what);
    }
  }
}

BOOST_AUTO_TEST_CASE(only_ping_and_metrics_are_open) {
  RunnerRegistry registry(RunnerContext{});
  for (const ExecutorRoute& route : ExecutorRoutes(registry, LiveExecutorApi::Options())) {
    bool open = route.method == "GET" &&
                (route.pattern == "/apis/v1/ping" || route.pattern == "/metrics");
    BOOST_TEST(((route.access == ExecutorAccess::kOpen) == open), route.pattern);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::executor
