// Tests for HttpServer: round trips through HttpClient, routing rules, deferred and dropped
// replies, filters, limits, and hostile clients.
#include "orchestrator/core/net/http_server.h"

#include <boost/test/unit_test.hpp>
#include <thread>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/net/http_client.h"
#include "tests/unit/net/raw_client.h"

namespace drove::core {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// A server on 127.0.0.1:<free port> whose loop runs on a background thread once Start() is called.
struct ServerFixture {
  explicit ServerFixture(HttpServerOptions options = {})
      : server(std::make_unique<HttpServer>(loop, options)) {}
  ~ServerFixture() {
    loop.Stop();
    if (thread.joinable()) thread.join();
    server.reset();
  }
  void Start() {
    BOOST_REQUIRE(server->Bind("127.0.0.1", 0).ok());
    BOOST_REQUIRE(server->port() > 0);
    thread = std::thread([this] { loop.Run(); });
  }
  Result<HttpResponse> Call(const std::string& method, const std::string& target,
                            const std::string& body = "",
                            std::map<std::string, std::string> headers = {}) {
    return HttpClient::Send(HttpTarget{"127.0.0.1", server->port(), ""},
                            HttpRequest{method, target, std::move(headers), body},
                            milliseconds(3000));
  }

  EventLoop loop;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
};

void Echo(Request& request, Responder responder) {
  json params = request.path_params;
  json query = json::object();
  for (const auto& [k, v] : request.query) query[k].push_back(v);
  responder.Json(200, SuccessEnvelope({{"method", request.method},
                                       {"route", request.route},
                                       {"params", params},
                                       {"query", query},
                                       {"body", request.body},
                                       {"contentType", request.Header("CONTENT-TYPE").value_or("")},
                                       {"remote", request.remote_address}}));
}

json Data(const Result<HttpResponse>& response) { return json::parse(response->body).at("data"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server)

BOOST_AUTO_TEST_CASE(round_trip_on_loopback_with_port_zero) {
  ServerFixture f;
  f.server->Route("POST", "/apis/v1/echo", Echo);
  f.Start();
  auto response = f.Call("POST", "/apis/v1/echo", "{\"a\":1}", {{"Content-Type", "text/plain"}});
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(response->headers.at("content-type") == "application/json");
  json body = json::parse(response->body);
  BOOST_TEST(body["status"] == "SUCCESS");
  BOOST_TEST(body["message"] == "success");
  BOOST_TEST(body["data"]["body"] == "{\"a\":1}");
  BOOST_TEST(body["data"]["contentType"] == "text/plain");
  BOOST_TEST(body["data"]["remote"] == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(post_without_body_or_content_type_is_accepted) {
  ServerFixture f;
  f.server->Route("POST", "/apis/v1/applications/{appId}/operations/cancel", Echo);
  f.Start();
  auto response = f.Call("POST", "/apis/v1/applications/a-1/operations/cancel");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(Data(response)["params"]["appId"] == "a-1");
}

BOOST_AUTO_TEST_CASE(literal_segment_beats_param_segment) {
  ServerFixture f;
  f.server->Route("GET", "/apis/v1/applications/{appId}/instances/{instanceId}", Echo);
  f.server->Route("GET", "/apis/v1/applications/{appId}/instances/old", Echo);
  f.Start();
  auto old = f.Call("GET", "/apis/v1/applications/app-1/instances/old");
  BOOST_REQUIRE(old.ok());
  BOOST_TEST(Data(old)["route"] == "/apis/v1/applications/{appId}/instances/old");
  BOOST_TEST(Data(old)["params"]["appId"] == "app-1");
  auto one = f.Call("GET", "/apis/v1/applications/app-1/instances/AI-1234");
  BOOST_REQUIRE(one.ok());
  BOOST_TEST(Data(one)["params"]["instanceId"] == "AI-1234");
}

BOOST_AUTO_TEST_CASE(unknown_path_is_404_and_wrong_method_is_405) {
  ServerFixture f;
  f.server->Route("GET", "/apis/v1/ping", Echo);
  f.server->Route("DELETE", "/apis/v1/ping", Echo);
  f.Start();
  auto missing = f.Call("GET", "/apis/v1/nope");
  BOOST_REQUIRE(missing.ok());
  BOOST_TEST(missing->status == 404);
  BOOST_TEST(json::parse(missing->body)["code"] == 404);
  auto wrong = f.Call("POST", "/apis/v1/ping", "{}");
  BOOST_REQUIRE(wrong.ok());
  BOOST_TEST(wrong->status == 405);
  BOOST_TEST(wrong->headers.at("allow") == "GET, DELETE");
  auto too_deep = f.Call("GET", "/apis/v1/ping/extra");
  BOOST_REQUIRE(too_deep.ok());
  BOOST_TEST(too_deep->status == 404);
}

BOOST_AUTO_TEST_CASE(repeated_query_params_are_all_kept) {
  ServerFixture f;
  f.server->Route("GET", "/apis/v1/endpoints", Echo);
  f.Start();
  auto response = f.Call("GET", "/apis/v1/endpoints?app=a&app=b&state=RUNNING&msg=hello%20world+x");
  BOOST_REQUIRE(response.ok());
  json query = Data(response)["query"];
  BOOST_TEST(query["app"] == json({"a", "b"}));
  BOOST_TEST(query["state"] == json({"RUNNING"}));
  BOOST_TEST(query["msg"] == json({"hello world x"}));
}

BOOST_AUTO_TEST_CASE(path_params_are_url_decoded_single_segments) {
  ServerFixture f;
  f.server->Route("GET", "/apis/v1/logfiles/{p1}/{p2}/read/{file}", Echo);
  f.server->Route("GET", "/ui/{rest...}", Echo);
  f.Start();
  auto response = f.Call("GET", "/apis/v1/logfiles/a%2Fb/c%20d/read/output.log");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(Data(response)["params"]["p1"] == "a/b");
  BOOST_TEST(Data(response)["params"]["p2"] == "c d");
  auto rest = f.Call("GET", "/ui/static/js/app.js");
  BOOST_REQUIRE(rest.ok());
  BOOST_TEST(Data(rest)["params"]["rest"] == "static/js/app.js");
}

BOOST_AUTO_TEST_CASE(responder_completed_from_another_thread_after_delay) {
  ServerFixture f;
  std::vector<std::thread> workers;
  std::atomic<bool> first_sent{false};
  std::atomic<bool> second_sent{true};
  f.server->Route("GET", "/apis/v1/endpoints", [&](Request&, Responder responder) {
    workers.emplace_back([responder, &first_sent, &second_sent] {
      std::this_thread::sleep_for(milliseconds(200));
      first_sent = responder.Json(200, SuccessEnvelope(json::array()));
      second_sent = responder.Json(500, FailedEnvelope("second reply"));  // only the first counts
    });
  });
  f.Start();
  auto start = std::chrono::steady_clock::now();
  auto response = f.Call("GET", "/apis/v1/endpoints?sinceGeneration=3&waitSeconds=5");
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(json::parse(response->body)["data"] == json::array());
  BOOST_TEST((std::chrono::steady_clock::now() - start) >= milliseconds(190));
  for (auto& w : workers) w.join();
  BOOST_TEST(first_sent);
  BOOST_TEST(!second_sent);
}

BOOST_AUTO_TEST_CASE(responder_completed_by_loop_timer) {
  ServerFixture f;
  f.server->Route("GET", "/wait", [&](Request&, Responder responder) {
    f.loop.AddTimer(milliseconds(100), [responder] { responder.Empty(204); });
  });
  f.Start();
  auto response = f.Call("GET", "/wait");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 204);
}

BOOST_AUTO_TEST_CASE(disconnected_client_with_pending_responder_does_not_crash) {
  ServerFixture f;
  std::mutex mutex;
  std::vector<Responder> parked;
  f.server->Route("GET", "/park", [&](Request&, Responder responder) {
    std::lock_guard lock(mutex);
    parked.push_back(responder);
  });
  f.server->Route("GET", "/ping", Echo);
  f.Start();
  for (int i = 0; i < 3; ++i) {
    int fd = test::RawConnect(f.server->port());
    BOOST_REQUIRE(fd >= 0);
    std::string request = "GET /park HTTP/1.1\r\nHost: x\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(milliseconds(100));
    ::close(fd);
  }
  std::this_thread::sleep_for(milliseconds(200));
  std::thread late([&] {
    std::lock_guard lock(mutex);
    for (auto& r : parked) r.Json(200, SuccessEnvelope());
  });
  late.join();
  {
    std::lock_guard lock(mutex);
    BOOST_TEST(parked.size() == 3u);
    parked.clear();  // dropping answered responders is silent
  }
  auto response = f.Call("GET", "/ping");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 200);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_while_a_reply_is_pending) {
  ServerFixture f;
  std::vector<std::thread> workers;
  f.server->Route("GET", "/slow", [&](Request&, Responder responder) {
    workers.emplace_back([responder] {
      std::this_thread::sleep_for(milliseconds(150));
      responder.Send(200, "text/plain", "slow");
    });
  });
  f.server->Route("GET", "/fast", [](Request&, Responder r) { r.Send(200, "text/plain", "fast"); });
  f.Start();
  std::string out = test::RawExchange(f.server->port(),
                                      "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast "
                                      "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                      1000);
  BOOST_TEST(out.find("slow") != std::string::npos);
  for (auto& w : workers) w.join();
  auto response = f.Call("GET", "/fast");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->body == "fast");
}

BOOST_AUTO_TEST_CASE(dropped_responder_gives_500) {
  ServerFixture f;
  f.server->Route("GET", "/forgetful", [](Request&, Responder) {});
  f.Start();
  auto response = f.Call("GET", "/forgetful");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 500);
  BOOST_TEST(json::parse(response->body)["message"] == "Unexpected Server error");
}

BOOST_AUTO_TEST_CASE(handler_exception_gives_500_envelope) {
  ServerFixture f;
  f.server->Route("GET", "/boom", [](Request&, Responder) { throw std::runtime_error("kaput"); });
  f.Start();
  auto response = f.Call("GET", "/boom");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 500);
  json body = json::parse(response->body);
  BOOST_TEST(body["status"] == "FAILED");
  BOOST_TEST(body["data"]["failure"] == "kaput");
}

BOOST_AUTO_TEST_CASE(filter_runs_after_routing_and_can_stop_with_401) {
  ServerFixture f;
  f.server->Route("GET", "/apis/v1/ping", [](Request& request, Responder r) {
    r.Send(200, "text/plain", std::any_cast<std::string>(request.principal));
  });
  f.server->SetFilter([](Request& request, Responder& responder) {
    auto auth = request.Header("authorization");
    if (!auth) {
      responder.Send(401, "text/plain", "Credentials are required to access this resource.",
                     {{"WWW-Authenticate", "Basic realm=\"realm\""}});
      return false;
    }
    request.principal = std::string("admin");
    return true;
  });
  f.Start();
  auto denied = f.Call("GET", "/apis/v1/ping");
  BOOST_REQUIRE(denied.ok());
  BOOST_TEST(denied->status == 401);
  BOOST_TEST(denied->headers.at("www-authenticate") == "Basic realm=\"realm\"");
  BOOST_TEST(denied->body == "Credentials are required to access this resource.");
  auto allowed = f.Call("GET", "/apis/v1/ping", "", {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
  BOOST_REQUIRE(allowed.ok());
  BOOST_TEST(allowed->body == "admin");
  auto unknown = f.Call("GET", "/apis/v1/unknown");  // 404 comes before authentication
  BOOST_REQUIRE(unknown.ok());
  BOOST_TEST(unknown->status == 404);
}

BOOST_AUTO_TEST_CASE(body_over_limit_gets_413) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  ServerFixture f(options);
  f.server->Route("POST", "/upload", Echo);
  f.Start();
  auto small = f.Call("POST", "/upload", std::string(1000, 'x'));
  BOOST_REQUIRE(small.ok());
  BOOST_TEST(small->status == 200);
  auto big = f.Call("POST", "/upload", std::string(4096, 'x'));
  BOOST_REQUIRE_MESSAGE(big.ok(), big.error());
  BOOST_TEST(big->status == 413);
}

BOOST_AUTO_TEST_CASE(malformed_requests_do_not_crash_the_server) {
  ServerFixture f;
  f.server->Route("GET", "/ping", Echo);
  f.Start();
  const std::vector<std::string> junk = {
      "\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET /ping HTTP/9.9\r\n\r\n",
      "GET /ping HTTP/1.1\r\nno-colon-header\r\n\r\n",
      "POST /ping HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "POST /ping HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /ping HTTP/1.1\r\nHost: x\r\nX: " + std::string(100000, 'a') + "\r\n\r\n",
      std::string("\0\x01\x02\xff\xfe", 5),
  };
  for (const auto& bytes : junk) test::RawExchange(f.server->port(), bytes, 300);
  auto response = f.Call("GET", "/ping");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 200);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_json_reply_is_replaced_not_thrown) {
  ServerFixture f;
  f.server->Route("GET", "/log", [](Request&, Responder r) {
    r.Json(200, {{"data", std::string("ok\xff\xfe")}, {"offset", 0}});
  });
  f.Start();
  auto response = f.Call("GET", "/log");
  BOOST_REQUIRE(response.ok());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(json::parse(response->body)["offset"] == 0);
}

BOOST_AUTO_TEST_CASE(reply_parked_longer_than_io_timeout_still_arrives) {
  HttpServerOptions options;
  options.io_timeout_seconds = 1;
  ServerFixture f(options);
  f.server->Route("GET", "/poll", [&](Request&, Responder responder) {
    f.loop.AddTimer(milliseconds(1500), [responder] { responder.Send(200, "text/plain", "late"); });
  });
  f.Start();
  auto response = f.Call("GET", "/poll");
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->body == "late");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
