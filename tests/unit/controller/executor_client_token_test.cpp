// The HTTP executor client stamps every START_INSTANCE with the instance's own token.
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <thread>

#include "orchestrator/controller/engine/executor_client.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "tests/unit/controller/api_test_specs.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

// An executor's POST /apis/v1/messages that records the bodies it accepts.
class RecordingExecutor {
 public:
  RecordingExecutor() : server_(loop_) {
    server_.Route("POST", "/apis/v1/messages",
                  [this](core::Request& request, core::Responder responder) {
                    {
                      std::lock_guard lock(mutex_);
                      bodies_.push_back(json::parse(request.body));
                    }
                    responder.Json(200, {{"status", "SUCCESS"}});
                  });
    auto status = server_.Bind("127.0.0.1", 0);
    if (!status.ok()) throw std::runtime_error(status.message());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~RecordingExecutor() {
    loop_.Stop();
    thread_.join();
  }

  ExecutorAddress Address() const { return {"ex1", "127.0.0.1", server_.port(), "ACTIVE"}; }
  std::vector<json> Bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  core::EventLoop loop_;
  core::HttpServer server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<json> bodies_;
};

json PendingInstance() {
  return {{"appId", "TEST_APP-1"},
          {"appName", "TEST_APP"},
          {"instanceId", "AI-1"},
          {"executorId", "ex1"},
          {"resources", json::array()},
          {"state", "PENDING"},
          {"metadata", json::object()},
          {"errorMessage", ""},
          {"created", 1},
          {"updated", 1}};
}

BOOST_AUTO_TEST_SUITE(executor_client_token)

BOOST_AUTO_TEST_CASE(start_instance_carries_a_token_for_that_instance) {
  RecordingExecutor executor;
  auto tokens = std::make_shared<const InstanceTokenManager>("test-secret");
  auto client = MakeHttpExecutorClient("cs", "c1", std::chrono::seconds(5), tokens);
  core::Status sent = client->StartInstance(executor.Address(), PendingInstance(), SampleAppSpec());
  BOOST_TEST_REQUIRE(sent.ok(), sent.message());
  auto bodies = executor.Bodies();
  BOOST_TEST_REQUIRE(bodies.size() == 1u);
  auto info = tokens->Verify(bodies[0].value("instanceAuthToken", ""));
  BOOST_TEST_REQUIRE(info.ok(), info.error());
  BOOST_TEST((*info == InstanceTokenInfo{"TEST_APP-1", "AI-1", "ex1"}));
  // Stops carry no token.
  BOOST_TEST(client->StopInstance(executor.Address(), "TEST_APP-1", "AI-1").ok());
  BOOST_TEST(!executor.Bodies().at(1).contains("instanceAuthToken"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
