// Tests for streamed replies (Responder::Stream): chunked pieces in order from another thread,
// the client's close noticed, the unread-bytes cap, the idle timeout not applying, server shutdown.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <future>
#include <thread>

#include "orchestrator/core/net/http_server.h"
#include "tests/unit/net/raw_client.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr char kStreamRequest[] = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";

// A server whose /stream route hands each streamed reply to the test through a future.
struct StreamFixture {
  explicit StreamFixture(HttpServerOptions options = {}, size_t max_unread = 1 << 20)
      : server(std::make_unique<HttpServer>(loop, options)) {
    server->Route("GET", "/stream", [this, max_unread](Request&, Responder responder) {
      StreamOptions stream_options;
      stream_options.max_unread_bytes = max_unread;
      stream_options.on_closed = [this] { closed = true; };
      streams.set_value(responder.Stream(200, "text/event-stream", stream_options,
                                         {{"Cache-Control", "no-cache"}}));
    });
    server->Route("GET", "/plain", [](Request&, Responder responder) {
      responder.Send(200, "text/plain", "plain");
    });
    BOOST_REQUIRE(server->Bind("127.0.0.1", 0).ok());
    thread = std::thread([this] { loop.Run(); });
  }
  ~StreamFixture() { StopServer(); }
  void StopServer() {
    loop.Stop();
    if (thread.joinable()) thread.join();
    server.reset();
  }
  ResponseStream Accepted() {
    auto future = streams.get_future();
    BOOST_REQUIRE(future.wait_for(std::chrono::seconds(3)) == std::future_status::ready);
    return future.get();
  }
  bool WaitClosed(milliseconds limit) {
    for (auto until = Clock::now() + limit; Clock::now() < until;) {
      if (closed) return true;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return closed;
  }

  EventLoop loop;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  std::promise<ResponseStream> streams;
  std::atomic<bool> closed{false};
};

// The body of a chunked reply (after the head), decoded; "" plus a failed check on bad framing.
std::string Dechunk(std::string_view raw) {
  std::string body;
  size_t at = raw.find("\r\n\r\n") + 4;
  while (true) {
    size_t line_end = raw.find("\r\n", at);
    BOOST_REQUIRE(line_end != std::string_view::npos);
    size_t size = std::stoul(std::string(raw.substr(at, line_end - at)), nullptr, 16);
    if (size == 0) return body;
    body.append(raw.substr(line_end + 2, size));
    BOOST_REQUIRE(raw.substr(line_end + 2 + size, 2) == "\r\n");
    at = line_end + 4 + size;
  }
}

int Connect(int port, int receive_buffer = 0) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  return fd;
}

void SendText(int fd, std::string_view text) {
  BOOST_REQUIRE(::send(fd, text.data(), text.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(text.size()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_stream)

BOOST_AUTO_TEST_CASE(pieces_from_another_thread_arrive_in_order_then_keep_alive_goes_on) {
  StreamFixture f;
  int fd = Connect(f.server->port());
  SendText(fd, kStreamRequest);
  ResponseStream stream = f.Accepted();
  std::string expected;
  std::thread producer([&] {
    for (int i = 0; i < 500; ++i) {
      std::string piece = "data: " + std::to_string(i) + "\n\n";
      expected += piece;
      BOOST_CHECK(stream.Write(piece));
    }
    stream.End();
  });
  producer.join();
  std::string raw = test::RawReadUntil(fd, "\r\n0\r\n\r\n", 3000);
  BOOST_TEST(raw.starts_with("HTTP/1.1 200 OK\r\n"));
  BOOST_TEST(raw.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
  BOOST_TEST(raw.find("Content-Type: text/event-stream\r\n") != std::string::npos);
  BOOST_TEST(raw.find("Content-Length") == std::string::npos);
  BOOST_TEST(Dechunk(raw) == expected);
  BOOST_TEST(f.WaitClosed(milliseconds(1000)));  // End() tells the producer too
  BOOST_TEST(!stream.Write("late"));
  SendText(fd, "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(test::RawReadUntil(fd, "plain", 3000).find("\r\n\r\nplain") != std::string::npos);
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(client_close_is_noticed_and_later_writes_refused) {
  StreamFixture f;
  int fd = Connect(f.server->port());
  SendText(fd, kStreamRequest);
  ResponseStream stream = f.Accepted();
  BOOST_TEST(stream.Write("data: first\n\n"));
  BOOST_TEST(test::RawReadUntil(fd, "first", 3000).find("first") != std::string::npos);
  ::close(fd);
  BOOST_TEST(f.WaitClosed(milliseconds(3000)));
  BOOST_TEST(!stream.open());
  BOOST_TEST(!stream.Write("data: after\n\n"));
}

BOOST_AUTO_TEST_CASE(reader_that_does_not_read_is_cut_at_the_unread_cap) {
  StreamFixture f({}, 64 * 1024);
  int fd = Connect(f.server->port(), 4096);
  SendText(fd, kStreamRequest);
  ResponseStream stream = f.Accepted();
  const std::string piece(16 * 1024, 'x');
  size_t written = 0;
  // The kernel's buffers take a few MB at most; past them the cap must close the stream.
  while (!f.closed && written < (256u << 20)) {
    if (!stream.Write(piece)) break;
    written += piece.size();
    if (written % (1 << 20) == 0) std::this_thread::sleep_for(milliseconds(2));
  }
  BOOST_TEST(f.WaitClosed(milliseconds(3000)));
  BOOST_TEST(written < (256u << 20));
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(open_stream_outlives_the_idle_timeout) {
  HttpServerOptions options;
  options.io_timeout_seconds = 1;
  StreamFixture f(options);
  int fd = Connect(f.server->port());
  SendText(fd, kStreamRequest);
  ResponseStream stream = f.Accepted();
  std::this_thread::sleep_for(milliseconds(1500));  // past the idle timeout on purpose
  BOOST_TEST(stream.Write("data: still here\n\n"));
  BOOST_TEST(test::RawReadUntil(fd, "still here", 3000).find("still here") != std::string::npos);
  BOOST_TEST(!f.closed);
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(http10_client_gets_the_body_until_close) {
  StreamFixture f;
  int fd = Connect(f.server->port());
  SendText(fd, "GET /stream HTTP/1.0\r\n\r\n");
  ResponseStream stream = f.Accepted();
  BOOST_TEST(stream.Write("one "));
  BOOST_TEST(stream.Write("two"));
  stream.End();
  std::string raw = test::RawReadAll(fd, 3000);
  BOOST_TEST(raw.find("Transfer-Encoding") == std::string::npos);
  BOOST_TEST(raw.find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST(raw.ends_with("\r\n\r\none two"));
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(server_shutdown_ends_open_streams) {
  StreamFixture f;
  int fd = Connect(f.server->port());
  SendText(fd, kStreamRequest);
  ResponseStream stream = f.Accepted();
  BOOST_TEST(stream.Write("data: x\n\n"));
  BOOST_TEST(test::RawReadUntil(fd, "data: x", 3000).find("data: x") != std::string::npos);
  f.StopServer();  // the producer hears of it (the socket closes with the loop's base)
  BOOST_TEST(f.closed);
  BOOST_TEST(!stream.open());
  BOOST_TEST(!stream.Write("data: y\n\n"));
  ::close(fd);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
