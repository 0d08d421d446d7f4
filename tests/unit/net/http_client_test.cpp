// Tests for HttpClient against scripted raw socket servers: framing, unix sockets, streams,
// garbage.
#include "orchestrator/core/net/http_client.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <random>

#include "orchestrator/core/net/http_response_parser.h"
#include "tests/unit/net/raw_server.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;
using test::RawServer;

HttpTarget Local(const RawServer& server) { return HttpTarget{"127.0.0.1", server.port(), ""}; }

std::string UnixPath(const std::string& name) {
  return "/tmp/drove-test-" + std::to_string(::getpid()) + "-" + name + ".sock";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(target_parse_accepts_url_host_port_and_unix_forms) {
  auto a = HttpTarget::Parse("http://example.com:4000");
  BOOST_REQUIRE(a.ok());
  BOOST_TEST(a->host == "example.com");
  BOOST_TEST(a->port == 4000);
  auto b = HttpTarget::Parse("10.0.0.1:3000/");
  BOOST_REQUIRE(b.ok());
  BOOST_TEST(b->host == "10.0.0.1");
  BOOST_TEST(b->port == 3000);
  auto c = HttpTarget::Parse("unix:///var/run/docker.sock");
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->unix_socket == "/var/run/docker.sock");
  BOOST_TEST(c->ToString() == "unix:///var/run/docker.sock");
  auto d = HttpTarget::Parse("http://[::1]:8080");
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(d->host == "::1");
  BOOST_TEST(d->ToString() == "http://[::1]:8080");
  auto e = HttpTarget::Parse("http://host");
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(e->port == 80);
}

BOOST_AUTO_TEST_CASE(target_parse_rejects_bad_ports_and_schemes) {
  BOOST_TEST(!HttpTarget::Parse("http://h:0").ok());
  BOOST_TEST(!HttpTarget::Parse("http://h:70000").ok());
  BOOST_TEST(!HttpTarget::Parse("http://h:abc").ok());
  BOOST_TEST(!HttpTarget::Parse("ftp://h:1").ok());
  BOOST_TEST(!HttpTarget::Parse("http://:80").ok());
  BOOST_TEST(!HttpTarget::Parse("unix://relative").ok());
}

BOOST_AUTO_TEST_CASE(request_carries_host_content_length_and_connection_close) {
  RawServer server({{"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-Thing: v\r\n\r\nok"}});
  HttpRequest request{
      "POST", "/apis/v1/messages?a=b", {{"Content-Type", "application/json"}}, "{}"};
  auto response = HttpClient::Send(Local(server), request, milliseconds(2000));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->status == 201);
  BOOST_TEST(response->body == "ok");
  BOOST_TEST(response->headers.at("x-thing") == "v");
  std::string sent = server.request();
  BOOST_TEST(sent.find("POST /apis/v1/messages?a=b HTTP/1.1\r\n") == 0u);
  BOOST_TEST(sent.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") !=
             std::string::npos);
  BOOST_TEST(sent.find("Content-Length: 2\r\n") != std::string::npos);
  BOOST_TEST(sent.find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST(sent.find("Content-Type: application/json\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(chunked_response_is_dechunked_across_split_writes) {
  RawServer server({{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"},
                    {"lo\r\n6;ext=1\r\n world\r\n", 20},
                    {"0\r\nX-Trailer: t\r\n\r\n", 20}});
  auto response = HttpClient::Send(Local(server), HttpRequest{}, milliseconds(2000));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->body == "hello world");
}

BOOST_AUTO_TEST_CASE(response_without_length_is_read_to_eof) {
  RawServer server({{"HTTP/1.0 200 OK\r\n\r\nall of"}, {" it", 20}});
  auto response = HttpClient::Send(Local(server), HttpRequest{}, milliseconds(2000));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->body == "all of it");
}

BOOST_AUTO_TEST_CASE(interim_100_continue_is_skipped) {
  RawServer server({{"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"}});
  auto response = HttpClient::Send(Local(server), HttpRequest{}, milliseconds(2000));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->status == 204);
}

BOOST_AUTO_TEST_CASE(unix_socket_request_reaches_server) {
  std::string path = UnixPath("client");
  RawServer server({{"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong"}}, false, path);
  auto target = HttpTarget::Parse("unix://" + path);
  BOOST_REQUIRE(target.ok());
  auto response =
      HttpClient::Send(*target, HttpRequest{"GET", "/_ping", {}, ""}, milliseconds(2000));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->body == "pong");
  BOOST_TEST(server.request().find("GET /_ping HTTP/1.1\r\nHost: localhost\r\n") == 0u);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out) {
  RawServer server({}, true);
  auto start = std::chrono::steady_clock::now();
  auto response = HttpClient::Send(Local(server), HttpRequest{}, milliseconds(300));
  BOOST_TEST(!response.ok());
  BOOST_TEST(response.error().find("timed out") != std::string::npos);
  BOOST_TEST((std::chrono::steady_clock::now() - start) < milliseconds(2000));
}

BOOST_AUTO_TEST_CASE(refused_connection_is_an_error) {
  int port = 0;
  {
    RawServer server({});
    port = server.port();
  }  // closed: nothing listens there now
  auto response =
      HttpClient::Send(HttpTarget{"127.0.0.1", port, ""}, HttpRequest{}, milliseconds(1000));
  BOOST_TEST(!response.ok());
  auto missing =
      HttpClient::Send(HttpTarget{"", 0, UnixPath("missing")}, HttpRequest{}, milliseconds(500));
  BOOST_TEST(!missing.ok());
}

BOOST_AUTO_TEST_CASE(garbage_from_peer_is_an_error_not_a_crash) {
  const std::vector<std::string> garbage = {
      "hello there\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n",
      std::string("\0\xff\x01\x02\r\n\r\n", 8),
      "HTTP/1.1 200",
      "",
  };
  for (const auto& bytes : garbage) {
    RawServer server({{bytes}});
    auto response = HttpClient::Send(Local(server), HttpRequest{}, milliseconds(2000));
    BOOST_TEST(!response.ok(), "accepted garbage: " << bytes);
  }
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash_the_parser) {
  std::mt19937 rng(42);
  const std::string prefix = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = round % 2 ? prefix : "";
    size_t len = rng() % 300;
    for (size_t i = 0; i < len; ++i)
      bytes.push_back(static_cast<char>("0123456789abcdefxz;\r\n: "[rng() % 24]));
    HttpResponseParser parser;
    size_t delivered = 0;
    parser.set_sink([&](std::string_view b) {
      delivered += b.size();
      return true;
    });
    for (size_t pos = 0; pos < bytes.size();) {
      size_t step = 1 + rng() % 17;
      if (!parser.Feed(std::string_view(bytes).substr(pos, step)).ok()) break;
      pos += step;
    }
    (void)parser.Finish();
    BOOST_TEST(delivered <= bytes.size());
  }
}

BOOST_AUTO_TEST_CASE(stream_delivers_chunks_as_they_arrive) {
  RawServer server({{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n"},
                    {"7\r\nsecond\n\r\n0\r\n\r\n", 300}});
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> got;
  auto head = HttpClient::Stream(
      Local(server), HttpRequest{"GET", "/containers/x/logs?follow=1", {}, ""}, milliseconds(1000),
      [&](std::string_view bytes) {
        got.emplace_back(std::string(bytes), std::chrono::steady_clock::now());
        return true;
      },
      nullptr);
  BOOST_REQUIRE_MESSAGE(head.ok(), head.error());
  BOOST_TEST(head->status == 200);
  BOOST_REQUIRE(got.size() == 2u);
  BOOST_TEST(got[0].first == "first\n");
  BOOST_TEST(got[1].first == "second\n");
  // Delivered as it arrived: the first piece well before the second (sent 300 ms later).
  BOOST_TEST((got[1].second - got[0].second) > milliseconds(150));
}

BOOST_AUTO_TEST_CASE(stream_stops_promptly_when_cancelled) {
  RawServer server({{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"}}, true);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(300));
    cancel = true;
  });
  std::string data;
  auto start = std::chrono::steady_clock::now();
  auto head = HttpClient::Stream(
      Local(server), HttpRequest{}, milliseconds(1000),
      [&](std::string_view bytes) {
        data.append(bytes);
        return true;
      },
      &cancel);
  auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  BOOST_REQUIRE_MESSAGE(head.ok(), head.error());
  BOOST_TEST(data == "abc");
  BOOST_TEST(took < milliseconds(300 + 200 + 300));  // 200 ms cancel check plus slack for load
}

BOOST_AUTO_TEST_CASE(stream_stops_when_callback_declines) {
  RawServer server({{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"}}, true);
  int calls = 0;
  auto head = HttpClient::Stream(
      Local(server), HttpRequest{}, milliseconds(1000),
      [&](std::string_view) {
        ++calls;
        return false;
      },
      nullptr);
  BOOST_REQUIRE_MESSAGE(head.ok(), head.error());
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(stream_error_status_collects_body_instead_of_streaming) {
  RawServer server({{"HTTP/1.1 404 Not Found\r\nContent-Length: 17\r\n\r\nno such container"}});
  bool called = false;
  auto head = HttpClient::Stream(
      Local(server), HttpRequest{}, milliseconds(1000),
      [&](std::string_view) {
        called = true;
        return true;
      },
      nullptr);
  BOOST_REQUIRE_MESSAGE(head.ok(), head.error());
  BOOST_TEST(head->status == 404);
  BOOST_TEST(head->body == "no such container");
  BOOST_TEST(!called);
}

BOOST_AUTO_TEST_CASE(stream_over_unix_socket_cancelled_before_head) {
  std::string path = UnixPath("stream");
  RawServer server({}, true, path);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  auto head = HttpClient::Stream(HttpTarget{"", 0, path}, HttpRequest{}, milliseconds(1000),
                                 nullptr, &cancel);
  canceller.join();
  BOOST_TEST(!head.ok());
  BOOST_TEST(head.error().find("cancelled") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
