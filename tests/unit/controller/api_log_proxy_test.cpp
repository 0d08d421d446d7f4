// Log proxy: 204 when unresolved, executor replies relayed, non-200 -> 500 {"error":...}.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/api_test_support.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

// A stand-in executor serving the filestream API on its own loop.
class FakeExecutor {
 public:
  FakeExecutor() : server_(loop_) {
    server_.Route("GET", "/apis/v1/logs/filestream/{p1}/{p2}/list",
                  [this](core::Request& r, core::Responder out) {
                    Record(r);
                    out.Json(200, {{"files", {"output.log"}}});
                  });
    server_.Route("GET", "/apis/v1/logs/filestream/{p1}/{p2}/read/{file}",
                  [this](core::Request& r, core::Responder out) {
                    Record(r);
                    if (r.Param("file") == "bad.log") {
                      out.Json(400, {{"error", "negative seek"}});
                      return;
                    }
                    out.Json(200, {{"data", "hello"}, {"offset", std::stoll(*r.Query("offset"))}});
                  });
    server_.Route("GET", "/apis/v1/logs/filestream/{p1}/{p2}/download/{file}",
                  [this](core::Request& r, core::Responder out) {
                    Record(r);
                    out.Send(200, "text/plain", "raw bytes",
                             {{"Content-Disposition", "attachment; filename=output.log"}});
                  });
    if (!server_.Bind("127.0.0.1", 0).ok()) throw std::runtime_error("bind");
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~FakeExecutor() {
    loop_.Stop();
    thread_.join();
  }
  int port() const { return server_.port(); }
  std::vector<std::map<std::string, std::string>> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void Record(const core::Request& r) {
    std::lock_guard lock(mutex_);
    seen_.push_back({{"path", r.path},
                     {"p1", r.Param("p1")},
                     {"p2", r.Param("p2")},
                     {"node", r.Header("NodeId").value_or("")},
                     {"secret", r.Header("Cluster-Authorization").value_or("")}});
  }

  core::EventLoop loop_;
  core::HttpServer server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::map<std::string, std::string>> seen_;
};

BOOST_AUTO_TEST_SUITE(controller_api_log_proxy)

BOOST_AUTO_TEST_CASE(unresolved_instance_is_204) {
  LiveApi api;
  auto r = api.Call("GET", "/apis/v1/logfiles/applications/A-1/AI-1/read/output.log?offset=0");
  BOOST_TEST(r.status == 204);
  BOOST_TEST(r.body.empty());
  BOOST_TEST(api.Call("GET", "/apis/v1/logfiles/tasks/APP/T1/list").status == 204);
}

BOOST_AUTO_TEST_CASE(list_read_and_download_are_relayed_with_cluster_credentials) {
  FakeExecutor executor;
  LiveApi api;
  api.core.locations["A-1/AI-1"] = ExecutorAddress{"E1", "127.0.0.1", executor.port()};
  api.core.locations["APP/T1"] = ExecutorAddress{"E1", "127.0.0.1", executor.port()};

  auto list = api.Call("GET", "/apis/v1/logfiles/applications/A-1/AI-1/list");
  BOOST_TEST(list.status == 200);
  BOOST_TEST(LiveApi::Body(list) == json({{"files", {"output.log"}}}));

  auto read = api.Call("GET", "/apis/v1/logfiles/tasks/APP/T1/read/output.log?offset=42");
  BOOST_TEST(read.status == 200);
  BOOST_TEST(LiveApi::Body(read) == json({{"data", "hello"}, {"offset", 42}}));

  auto download = api.Call("GET", "/apis/v1/logfiles/applications/A-1/AI-1/download/output.log");
  BOOST_TEST(download.status == 200);
  BOOST_TEST(download.body == "raw bytes");
  BOOST_TEST(download.headers["content-disposition"] == "attachment; filename=output.log");
  BOOST_TEST(download.headers["content-type"].find("text/plain") == 0u);

  auto seen = executor.seen();
  BOOST_REQUIRE(seen.size() == 3u);
  BOOST_TEST(seen[1]["p1"] == "APP");
  BOOST_TEST(seen[1]["p2"] == "T1");
  BOOST_TEST(seen[0]["node"] == "test-controller");
  BOOST_TEST(seen[0]["secret"] == "DefaultControllerSecret");
}

BOOST_AUTO_TEST_CASE(executor_error_becomes_500_with_its_code_and_body) {
  FakeExecutor executor;
  LiveApi api;
  api.core.locations["A-1/AI-1"] = ExecutorAddress{"E1", "127.0.0.1", executor.port()};
  auto r = api.Call("GET", "/apis/v1/logfiles/applications/A-1/AI-1/read/bad.log?offset=-1&length=5");
  BOOST_TEST(r.status == 500);
  BOOST_TEST(LiveApi::Body(r)["error"] ==
             R"(Executor call returned: 400 body: {"error":"negative seek"})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
