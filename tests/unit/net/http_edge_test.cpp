// Tests for the hardened HTTP edge against a real server on 127.0.0.1 and raw clients: size,
// depth, slowness, connection and rate limits answered in JSON, and HTTP/1.1 connection handling
// (keep-alive, pipelining, HEAD, Expect: 100-continue, parked replies, clients that leave).
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/net/http_server.h"
#include "tests/unit/net/raw_http_client.h"

namespace drove::core {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using test::RawHttpConnection;
using test::TestServer;

const std::string kPing = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";

void Pong(Request&, Responder responder) { responder.Send(200, "text/plain", "pong"); }

void Echo(Request& request, Responder responder) {
  responder.Send(200, "text/plain", request.method + " " + request.path + " " + request.body);
}

// Responders parked by /park, answered whenever a test says so.
struct Parking {
  std::mutex mutex;
  std::vector<Responder> parked;
  void Park(Request&, Responder responder) {
    std::lock_guard lock(mutex);
    parked.push_back(std::move(responder));
  }
  size_t size() {
    std::lock_guard lock(mutex);
    return parked.size();
  }
  Responder at(size_t i) {
    std::lock_guard lock(mutex);
    return parked.at(i);
  }
};

void AddRoutes(TestServer& f, Parking* parking = nullptr) {
  f.server->Route("GET", "/ping", Pong);
  f.server->Route("POST", "/echo", Echo);
  if (parking != nullptr) {
    f.server->Route("GET", "/park", [parking](Request& r, Responder s) { parking->Park(r, s); });
  }
}

// The error body the edge sends: {"code":status,"message":...}.
json ErrorBody(const test::RawResponse& response) { return json::parse(response.body); }

}  // namespace

BOOST_AUTO_TEST_SUITE(http_edge)

BOOST_AUTO_TEST_CASE(header_of_64_kb_gets_431_in_json_and_the_connection_closes) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') +
              "\r\n\r\n");
  auto response = client.ReadResponse();
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 431);
  BOOST_TEST(response->Header("content-type") == "application/json");
  BOOST_TEST(response->Header("connection") == "close");
  BOOST_TEST(ErrorBody(*response)["code"] == 431);
  BOOST_TEST(ErrorBody(*response)["message"] == "request header larger than 16384 bytes");
  BOOST_TEST(client.WaitClosed());
}

BOOST_AUTO_TEST_CASE(content_length_of_1_gb_gets_413_without_sending_the_body) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
  auto response = client.ReadResponse(milliseconds(2000));
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 413);
  BOOST_TEST(ErrorBody(*response)["message"] == "request body larger than 16777216 bytes");
  BOOST_TEST(client.WaitClosed());
}

BOOST_AUTO_TEST_CASE(route_body_limit_applies_to_its_route_only) {
  TestServer f;
  f.server->Route("POST", "/small", Echo, RouteOptions{100});
  f.server->Route("POST", "/echo", Echo);
  BOOST_REQUIRE(f.Start().ok());
  std::string body(200, 'x');
  RawHttpConnection big(f.port());
  big.Send("POST /echo HTTP/1.1\r\nContent-Length: 200\r\n\r\n" + body);
  auto accepted = big.ReadResponse();
  BOOST_REQUIRE(accepted.has_value());
  BOOST_TEST(accepted->status == 200);
  RawHttpConnection small(f.port());
  small.Send("POST /small HTTP/1.1\r\nContent-Length: 200\r\n\r\n" + body);
  auto refused = small.ReadResponse();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 413);
}

BOOST_AUTO_TEST_CASE(json_nested_100000_deep_gets_400_before_the_handler) {
  TestServer f;
  std::atomic<int> calls{0};
  f.server->Route("POST", "/echo", [&calls](Request& request, Responder responder) {
    ++calls;
    Echo(request, responder);
  });
  BOOST_REQUIRE(f.Start().ok());
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  RawHttpConnection client(f.port());
  client.Send("POST /echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(deep.size()) + "\r\n\r\n" + deep);
  auto response = client.ReadResponse();
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 400);
  json body = json::parse(response->body);
  BOOST_TEST(body["message"] == "JSON validation failure");
  BOOST_TEST(body["data"]["validationErrors"][0] == "JSON nested deeper than 64 levels");
  BOOST_TEST(calls == 0);
  // Nesting within the limit (and brackets inside strings) reaches the handler.
  std::string fine = std::string(64, '[') + "\"[[[[\"" + std::string(64, ']');
  client.Send("POST /echo HTTP/1.1\r\nContent-Length: " + std::to_string(fine.size()) + "\r\n\r\n" +
              fine);
  auto accepted = client.ReadResponse();
  BOOST_REQUIRE(accepted.has_value());
  BOOST_TEST(accepted->status == 200);
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(head_dribbled_a_byte_at_a_time_gets_408_at_the_header_timeout) {
  HttpServerOptions options;
  options.header_timeout = milliseconds(500);
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  // 60 bytes at one per 100 ms would take 6 s; each byte must not extend the deadline.
  std::string head =
      "GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(20, 's') + "\r\n\r\n";
  auto start = test::Clock::now();
  for (char c : head) {
    if (!client.Send(std::string(1, c))) break;
    std::optional<test::RawResponse> early = client.ReadResponse(milliseconds(100));
    if (early) {
      BOOST_TEST(early->status == 408);
      BOOST_TEST(ErrorBody(*early)["message"] == "request head not received within 500 ms");
      BOOST_TEST((test::Clock::now() - start) < milliseconds(2000));
      BOOST_TEST(client.WaitClosed());
      return;
    }
  }
  BOOST_FAIL("no 408 while the head was dribbled");
}

BOOST_AUTO_TEST_CASE(body_that_stalls_gets_408_at_the_body_timeout) {
  HttpServerOptions options;
  options.body_timeout = milliseconds(300);
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  auto response = client.ReadResponse(milliseconds(2000));
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 408);
  BOOST_TEST(ErrorBody(*response)["message"] == "request body not received within 300 ms");
}

BOOST_AUTO_TEST_CASE(connections_over_the_per_client_limit_get_429_and_others_are_served) {
  HttpServerOptions options;
  options.max_connections_per_client = 3;
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  std::vector<std::unique_ptr<RawHttpConnection>> hostile;
  for (int i = 0; i < 3; ++i) {
    hostile.push_back(std::make_unique<RawHttpConnection>(f.port(), "127.0.0.2"));
    BOOST_REQUIRE(hostile.back()->connected());
  }
  RawHttpConnection over(f.port(), "127.0.0.2");
  auto refused = over.ReadResponse();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 429);
  BOOST_TEST(ErrorBody(*refused)["message"] == "too many connections from 127.0.0.2");
  BOOST_TEST(over.WaitClosed());
  // Another client is its own: served while 127.0.0.2 is at its limit.
  RawHttpConnection ordinary(f.port(), "127.0.0.1");
  ordinary.Send(kPing);
  auto served = ordinary.ReadResponse(milliseconds(1000));
  BOOST_REQUIRE(served.has_value());
  BOOST_TEST(served->status == 200);
  // The held connections still work, and a closed one frees its place.
  hostile[0]->Send(kPing);
  BOOST_REQUIRE(hostile[0]->ReadResponse().has_value());
  hostile[1]->Close();
  BOOST_TEST(test::WaitFor([&] {
    RawHttpConnection again(f.port(), "127.0.0.2");
    again.Send(kPing);
    auto response = again.ReadResponse();
    return response && response->status == 200;
  }));
}

BOOST_AUTO_TEST_CASE(requests_over_the_per_client_rate_get_429) {
  HttpServerOptions options;
  options.max_requests_per_second_per_client = 1;
  options.request_burst_per_client = 3;
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port(), "127.0.0.2");
  client.Send(kPing + kPing + kPing + kPing);
  for (int i = 0; i < 3; ++i) {
    auto response = client.ReadResponse();
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 200);
  }
  auto refused = client.ReadResponse();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 429);
  BOOST_TEST(ErrorBody(*refused)["message"] == "too many requests from 127.0.0.2");
  BOOST_TEST(client.WaitClosed());
  RawHttpConnection ordinary(f.port(), "127.0.0.1");
  ordinary.Send(kPing);
  auto served = ordinary.ReadResponse();
  BOOST_REQUIRE(served.has_value());
  BOOST_TEST(served->status == 200);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_two_requests_on_one_connection) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  for (int i = 0; i < 2; ++i) {
    client.Send("POST /echo HTTP/1.1\r\nContent-Length: 1\r\n\r\n" + std::to_string(i));
    auto response = client.ReadResponse();
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 200);
    BOOST_TEST(response->body == "POST /echo " + std::to_string(i));
    BOOST_TEST(response->Header("connection") == "");
  }
}

BOOST_AUTO_TEST_CASE(http_1_0_closes_unless_keep_alive_is_asked_for) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection kept(f.port());
  kept.Send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto first = kept.ReadResponse();
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->Header("connection") == "keep-alive");
  kept.Send("GET /ping HTTP/1.0\r\n\r\n");
  auto second = kept.ReadResponse();
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(second->body == "pong");
  BOOST_TEST(second->Header("connection") == "close");
  BOOST_TEST(kept.WaitClosed());
}

BOOST_AUTO_TEST_CASE(idle_keep_alive_connection_is_closed_after_the_idle_timeout) {
  HttpServerOptions options;
  options.io_timeout_seconds = 1;
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send(kPing);
  BOOST_REQUIRE(client.ReadResponse().has_value());
  auto start = test::Clock::now();
  BOOST_TEST(client.WaitClosed(milliseconds(3000)));
  BOOST_TEST((test::Clock::now() - start) >= milliseconds(900));
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order) {
  TestServer f;
  AddRoutes(f);
  std::vector<std::thread> workers;
  f.server->Route("GET", "/slow", [&workers](Request&, Responder responder) {
    workers.emplace_back([responder] {
      std::this_thread::sleep_for(milliseconds(100));
      responder.Send(200, "text/plain", "slow");
    });
  });
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("GET /slow HTTP/1.1\r\n\r\n" + kPing +
              "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) {
    auto response = client.ReadResponse();
    BOOST_REQUIRE(response.has_value());
    bodies.push_back(response->body);
  }
  BOOST_TEST(bodies == (std::vector<std::string>{"slow", "pong", "POST /echo abc"}),
             boost::test_tools::per_element());
  f.loop.Stop();
  f.thread.join();
  for (auto& worker : workers) worker.join();
}

BOOST_AUTO_TEST_CASE(head_gets_the_get_headers_without_a_body) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("HEAD /ping HTTP/1.1\r\n\r\n");
  auto head = client.ReadResponse(milliseconds(3000), /*head_only=*/true);
  BOOST_REQUIRE(head.has_value());
  BOOST_TEST(head->status == 200);
  BOOST_TEST(head->Header("content-length") == "4");
  // A body after the HEAD reply would be read as the next response's status line.
  client.Send(kPing);
  auto next = client.ReadResponse();
  BOOST_REQUIRE(next.has_value());
  BOOST_TEST(next->status == 200);
  BOOST_TEST(next->body == "pong");
}

BOOST_AUTO_TEST_CASE(expect_100_continue_gets_the_interim_reply_before_the_body) {
  TestServer f;
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  auto interim = client.ReadResponse();
  BOOST_REQUIRE(interim.has_value());
  BOOST_TEST(interim->status == 100);
  client.Send("hello");
  auto final_reply = client.ReadResponse();
  BOOST_REQUIRE(final_reply.has_value());
  BOOST_TEST(final_reply->status == 200);
  BOOST_TEST(final_reply->body == "POST /echo hello");
  // Over the limit, the final 413 comes instead of the 100.
  RawHttpConnection big(f.port());
  big.Send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
  auto refused = big.ReadResponse();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 413);
}

BOOST_AUTO_TEST_CASE(parked_reply_from_another_thread_arrives_after_the_timeouts) {
  HttpServerOptions options;
  options.header_timeout = milliseconds(200);
  options.io_timeout_seconds = 1;
  TestServer f(options);
  Parking parking;
  AddRoutes(f, &parking);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection client(f.port());
  client.Send("GET /park HTTP/1.1\r\n\r\n");
  BOOST_REQUIRE(test::WaitFor([&] { return parking.size() == 1; }));
  std::thread late([&parking] {
    std::this_thread::sleep_for(milliseconds(1500));
    parking.at(0).Send(200, "text/plain", "late");
  });
  auto response = client.ReadResponse(milliseconds(4000));
  late.join();
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->body == "late");
}

BOOST_AUTO_TEST_CASE(client_gone_turns_true_when_the_client_closes_while_parked) {
  TestServer f;
  Parking parking;
  AddRoutes(f, &parking);
  BOOST_REQUIRE(f.Start().ok());
  {
    RawHttpConnection client(f.port());
    client.Send("GET /park HTTP/1.1\r\n\r\n");
    BOOST_REQUIRE(test::WaitFor([&] { return parking.size() == 1; }));
    BOOST_TEST(!parking.at(0).client_gone());
  }
  BOOST_TEST(test::WaitFor([&] { return parking.at(0).client_gone(); }));
  BOOST_TEST(parking.at(0).Send(200, "text/plain", "nobody listens"));  // a harmless no-op
  RawHttpConnection next(f.port());
  next.Send(kPing);
  auto response = next.ReadResponse();
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 200);
}

BOOST_AUTO_TEST_CASE(ordinary_client_is_served_while_another_holds_hundreds_of_idle_sockets) {
  HttpServerOptions options;
  options.max_connections_per_client = 100;
  TestServer f(options);
  AddRoutes(f);
  BOOST_REQUIRE(f.Start().ok());
  std::vector<std::unique_ptr<RawHttpConnection>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<RawHttpConnection>(f.port(), "127.0.0.2"));
  }
  auto start = test::Clock::now();
  RawHttpConnection ordinary(f.port(), "127.0.0.1");
  ordinary.Send(kPing);
  auto response = ordinary.ReadResponse(milliseconds(1000));
  BOOST_REQUIRE(response.has_value());
  BOOST_TEST(response->status == 200);
  BOOST_TEST((test::Clock::now() - start) < milliseconds(1000));
  // The ones over 127.0.0.2's limit were refused: each gets a 429 then a close.
  auto refused = idle.back()->ReadResponse();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 429);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
