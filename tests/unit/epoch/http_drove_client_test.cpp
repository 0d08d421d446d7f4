// HttpDroveClient against a fake Drove controller (core::HttpServer on loopback): Epoch's payloads
// and paths, its error texts, "Task already exists", and following the leader by ping.
#include "orchestrator/epoch/drove/http_drove_client.h"

#include <boost/test/unit_test.hpp>
#include <mutex>
#include <thread>

#include "orchestrator/core/net/basic_auth.h"
#include "orchestrator/core/net/http_server.h"

namespace drove::epoch {
namespace {

using std::chrono::milliseconds;

struct Reply {
  int status = 200;
  std::string body;
};

// One fake controller: answers ping with `ping_status` and the task API with the replies set.
class FakeController {
 public:
  FakeController() : server_(std::make_unique<core::HttpServer>(loop_)) {
    server_->Route("GET", "/apis/v1/ping", [this](core::Request&, core::Responder r) {
      std::lock_guard lock(mu_);
      r.Send(ping_status, "application/json", R"({"status":"SUCCESS","data":"pong"})");
    });
    auto record = [this](const Reply* reply) {
      return [this, reply](core::Request& request, core::Responder r) {
        std::lock_guard lock(mu_);
        requests.push_back(request.method + " " + request.path);
        bodies.push_back(request.body);
        authorization = request.Header("Authorization").value_or("");
        r.Send(reply->status, "application/json", reply->body);
      };
    };
    server_->Route("POST", "/apis/v1/tasks/operations", record(&operation));
    server_->Route("GET", "/apis/v1/tasks/{app}/instances/{taskId}", record(&task));
    server_->Route("DELETE", "/apis/v1/tasks/{app}/instances/{taskId}", record(&deleted));
    BOOST_REQUIRE(server_->Bind("127.0.0.1", 0).ok());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~FakeController() {
    loop_.Stop();
    thread_.join();
    server_.reset();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void SetPing(int status) {
    std::lock_guard lock(mu_);
    ping_status = status;
  }

  std::mutex mu_;
  int ping_status = 200;
  Reply operation{200, R"({"status":"SUCCESS","data":{"taskId":"APP-t"},"message":"success"})"};
  Reply task{
      200,
      R"({"status":"SUCCESS","data":{"state":"STOPPED","taskResult":{"status":"FAILED","exitCode":3},"errorMessage":"boom"},"message":"success"})"};
  Reply deleted{200, R"({"status":"SUCCESS","data":{"deleted":true},"message":"success"})"};
  std::vector<std::string> requests;
  std::vector<std::string> bodies;
  std::string authorization;

 private:
  core::EventLoop loop_;
  std::unique_ptr<core::HttpServer> server_;
  std::thread thread_;
};

DroveSettings Settings(std::vector<std::string> endpoints) {
  DroveSettings settings;
  settings.endpoints = std::move(endpoints);
  settings.username = "admin";
  settings.password = "pw";
  settings.app_name = "APP";
  settings.operation_timeout = milliseconds(2000);
  settings.check_interval = milliseconds(50);
  settings.cluster_op_spec =
      Json{{"timeout", "300 seconds"}, {"parallelism", 1}, {"failureStrategy", "STOP"}};
  return settings;
}

std::unique_ptr<HttpDroveClient> Client(std::vector<std::string> endpoints) {
  auto client = HttpDroveClient::Create(Settings(std::move(endpoints)));
  BOOST_REQUIRE(client.ok());
  return std::move(client).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_drove_client)

BOOST_AUTO_TEST_CASE(create_posts_epochs_operation_with_basic_auth) {
  FakeController drove;
  auto client = Client({drove.url()});
  const Json spec = {{"sourceAppName", "APP"}, {"taskId", "t"}, {"devices", Json::array()}};
  auto result = client->CreateTask(spec);
  BOOST_TEST((result.outcome == CreateTaskResult::Outcome::kAccepted));
  BOOST_TEST_REQUIRE(drove.bodies.size() == 1u);
  BOOST_TEST(drove.requests[0] == "POST /apis/v1/tasks/operations");
  BOOST_TEST(drove.bodies[0] ==
             R"({"type":"CREATE","spec":{"sourceAppName":"APP","taskId":"t","devices":[]},)"
             R"("opSpec":{"timeout":"300 seconds","parallelism":1,"failureStrategy":"STOP"}})");
  BOOST_TEST(drove.authorization == core::BasicAuthHeader("admin", "pw"));
}

BOOST_AUTO_TEST_CASE(create_outcomes_carry_epochs_texts) {
  FakeController drove;
  auto client = Client({drove.url()});
  drove.operation = {
      400,
      R"({"status":"FAILED","data":{"validationErrors":["Task already exists for APP/t with taskID: APP-t"]},"message":"Command validation failure"})"};
  BOOST_TEST(
      (client->CreateTask(Json::object()).outcome == CreateTaskResult::Outcome::kAlreadyExists));
  drove.operation = {500, "oops"};
  auto failed = client->CreateTask(Json::object());
  BOOST_TEST((failed.outcome == CreateTaskResult::Outcome::kFailed));
  BOOST_TEST(failed.error == "Received error from api: [500] oops");
  drove.operation = {200, R"({"status":"FAILED","message":"no"})"};
  BOOST_TEST(client->CreateTask(Json::object()).error ==
             R"(Drove call failed with error: {"status":"FAILED","message":"no"})");
  auto unreachable = Client({"http://127.0.0.1:1"})->CreateTask(Json::object());
  BOOST_TEST(
      unreachable.error.rfind("Error making http call to /apis/v1/tasks/operations: ", 0) == 0u,
      unreachable.error);
}

BOOST_AUTO_TEST_CASE(status_reads_use_the_app_and_task_path) {
  FakeController drove;
  auto client = Client({drove.url()});
  auto read = client->GetTask("T-EIR-1-docker-task");
  BOOST_TEST((read.outcome == TaskStatusRead::Outcome::kFound));
  BOOST_TEST(drove.requests.back() == "GET /apis/v1/tasks/APP/instances/T-EIR-1-docker-task");
  BOOST_TEST(read.status.state == "STOPPED");
  BOOST_TEST(read.status.result_status.value() == "FAILED");
  BOOST_TEST(read.status.exit_code.value() == 3);
  BOOST_TEST(read.status.error_message == "boom");
  drove.task = {200, R"({"status":"FAILED","message":"No such task instance APP/x"})"};
  auto missing = client->GetTask("x");
  BOOST_TEST((missing.outcome == TaskStatusRead::Outcome::kNotFound));
  BOOST_TEST(missing.error == "No such task instance APP/x");
}

BOOST_AUTO_TEST_CASE(kill_sends_drove_kill_and_reports_refusals) {
  FakeController drove;
  auto client = Client({drove.url()});
  BOOST_TEST(client->KillTask("t").ok);
  BOOST_TEST(drove.bodies.back() ==
             R"({"type":"KILL","sourceAppName":"APP","taskId":"t",)"
             R"("opSpec":{"timeout":"300 seconds","parallelism":1,"failureStrategy":"STOP"}})");
  drove.operation = {400, "finished"};
  BOOST_TEST(client->KillTask("t").message ==
             "Task cancellation failed with status: [400] finished");
  BOOST_TEST(Client({"http://127.0.0.1:1"})->KillTask("t").message ==
             "Could not send kill command to drove");
  BOOST_TEST(client->DeleteTask("t").ok());
  BOOST_TEST(drove.requests.back() == "DELETE /apis/v1/tasks/APP/instances/t");
}

BOOST_AUTO_TEST_CASE(calls_go_to_the_controller_whose_ping_says_200) {
  FakeController a;
  FakeController b;
  a.SetPing(400);  // a standby
  auto client = Client({a.url(), b.url()});
  client->GetTask("t");
  BOOST_TEST(a.requests.empty());
  BOOST_TEST(b.requests.size() == 1u);
  BOOST_TEST(client->LeaderUrl().value() == b.url());
  a.SetPing(200);
  b.SetPing(400);
  std::this_thread::sleep_for(milliseconds(80));  // past checkInterval: looked up again
  client->GetTask("t");
  BOOST_TEST(a.requests.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch
