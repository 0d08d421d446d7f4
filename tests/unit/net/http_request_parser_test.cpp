// Tests for HttpRequestParser: heads, bodies (Content-Length and chunked), limits decided before
// the body, pipelining boundaries, keep-alive rules and the syntax it refuses.
#include "orchestrator/core/net/http_request_parser.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace drove::core {
namespace {

using State = HttpRequestParser::State;

constexpr size_t kHeaderLimit = 1024;

// Feeds `bytes` (in pieces of `step` bytes, 0 = all at once), calling BeginBody(body_limit) at
// the head; returns the bytes consumed.
size_t FeedAll(HttpRequestParser& parser, const std::string& bytes, size_t body_limit = 1 << 20,
               size_t step = 0) {
  size_t used = 0;
  while (used < bytes.size()) {
    size_t piece = step == 0 ? bytes.size() - used : std::min(step, bytes.size() - used);
    size_t n = parser.Feed(std::string_view(bytes).substr(used, piece));
    used += n;
    if (parser.state() == State::kHeadDone) {
      parser.BeginBody(body_limit);
      continue;
    }
    if (parser.state() == State::kDone || parser.state() == State::kError) break;
  }
  if (parser.state() == State::kHeadDone) parser.BeginBody(body_limit);
  return used;
}

std::string HeaderValue(const HttpRequestHead& head, const std::string& name) {
  for (const auto& [key, value] : head.headers) {
    if (key == name) return value;
  }
  return "<missing>";
}

int ErrorOf(const std::string& bytes, size_t body_limit = 1 << 20) {
  HttpRequestParser parser(kHeaderLimit);
  FeedAll(parser, bytes, body_limit);
  return parser.state() == State::kError ? parser.error_status() : 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_request_parser)

BOOST_AUTO_TEST_CASE(get_request_head_is_parsed_and_stops_at_head_done) {
  HttpRequestParser parser(kHeaderLimit);
  std::string bytes = "GET /apis/v1/ping?x=1 HTTP/1.1\r\nHost: a\r\nX-Two:  spaced value \r\n\r\n";
  BOOST_TEST(parser.Feed(bytes) == bytes.size());
  BOOST_REQUIRE(parser.state() == State::kHeadDone);
  BOOST_TEST(parser.head().method == "GET");
  BOOST_TEST(parser.head().target == "/apis/v1/ping?x=1");
  BOOST_TEST(parser.head().minor_version == 1);
  BOOST_TEST(HeaderValue(parser.head(), "X-Two") == "spaced value");
  BOOST_TEST(parser.head().keep_alive);
  parser.BeginBody(100);
  BOOST_TEST((parser.state() == State::kDone));
  BOOST_TEST(parser.TakeBody().empty());
}

BOOST_AUTO_TEST_CASE(byte_at_a_time_gives_the_same_request) {
  HttpRequestParser parser(kHeaderLimit);
  std::string bytes = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  BOOST_TEST(FeedAll(parser, bytes, 100, 1) == bytes.size());
  BOOST_REQUIRE(parser.state() == State::kDone);
  BOOST_TEST(parser.head().content_length.value() == 5u);
  BOOST_TEST(parser.TakeBody() == "hello");
}

BOOST_AUTO_TEST_CASE(pipelined_next_request_is_left_to_the_caller) {
  HttpRequestParser parser(kHeaderLimit);
  std::string first = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
  std::string second = "GET /b HTTP/1.1\r\n\r\n";
  size_t used = FeedAll(parser, first + second);
  BOOST_TEST(used == first.size());
  BOOST_REQUIRE(parser.state() == State::kDone);
  BOOST_TEST(parser.TakeBody() == "abc");
  parser.Reset();
  BOOST_TEST(!parser.started());
  FeedAll(parser, second);
  BOOST_REQUIRE(parser.state() == State::kDone);
  BOOST_TEST(parser.head().target == "/b");
}

BOOST_AUTO_TEST_CASE(chunked_body_with_extensions_and_trailers_is_joined) {
  HttpRequestParser parser(kHeaderLimit);
  std::string bytes =
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nGET /next";
  size_t used = FeedAll(parser, bytes, 100, 3);
  BOOST_REQUIRE(parser.state() == State::kDone);
  BOOST_TEST(parser.TakeBody() == "hello world");
  BOOST_TEST(bytes.substr(used) == "GET /next");
}

BOOST_AUTO_TEST_CASE(head_over_the_limit_is_431) {
  std::string bytes = "GET / HTTP/1.1\r\nX-Big: " + std::string(kHeaderLimit, 'a') + "\r\n\r\n";
  BOOST_TEST(ErrorOf(bytes) == 431);
  // Exactly at the limit is fine.
  std::string head = "GET / HTTP/1.1\r\nX: ";
  std::string exact = head + std::string(kHeaderLimit - head.size() - 4, 'a') + "\r\n\r\n";
  BOOST_TEST(exact.size() == kHeaderLimit);
  BOOST_TEST(ErrorOf(exact) == 0);
}

BOOST_AUTO_TEST_CASE(content_length_over_the_limit_is_413_before_any_body_byte) {
  HttpRequestParser parser(kHeaderLimit);
  std::string head = "POST /a HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n";
  BOOST_TEST(parser.Feed(head) == head.size());
  BOOST_REQUIRE(parser.state() == State::kHeadDone);
  parser.BeginBody(16 << 20);
  BOOST_TEST((parser.state() == State::kError));
  BOOST_TEST(parser.error_status() == 413);
  BOOST_TEST(parser.error_message() == "request body larger than 16777216 bytes");
}

BOOST_AUTO_TEST_CASE(chunked_body_over_the_limit_is_413_as_it_comes) {
  std::string bytes =
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n4\r\n";
  BOOST_TEST(ErrorOf(bytes, 10) == 413);
  BOOST_TEST(ErrorOf(bytes, 12) == 0);
}

BOOST_AUTO_TEST_CASE(keep_alive_follows_version_and_connection_header) {
  auto keep_alive = [](const std::string& bytes) {
    HttpRequestParser parser(kHeaderLimit);
    parser.Feed(bytes);
    BOOST_REQUIRE(parser.state() == State::kHeadDone);
    return parser.head().keep_alive;
  };
  BOOST_TEST(keep_alive("GET / HTTP/1.1\r\n\r\n"));
  BOOST_TEST(!keep_alive("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"));
  BOOST_TEST(!keep_alive("GET / HTTP/1.0\r\n\r\n"));
  BOOST_TEST(keep_alive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  BOOST_TEST(!keep_alive("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n"));
}

BOOST_AUTO_TEST_CASE(expect_100_continue_is_flagged_and_other_expectations_are_417) {
  HttpRequestParser parser(kHeaderLimit);
  parser.Feed("POST /a HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n");
  BOOST_REQUIRE(parser.state() == State::kHeadDone);
  BOOST_TEST(parser.head().expect_continue);
  parser.BeginBody(10);
  BOOST_TEST(parser.awaiting_body());
  BOOST_TEST(ErrorOf("POST /a HTTP/1.1\r\nExpect: something\r\n\r\n") == 417);
}

BOOST_AUTO_TEST_CASE(absolute_form_target_is_reduced_to_path_and_query) {
  HttpRequestParser parser(kHeaderLimit);
  parser.Feed("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\n\r\n");
  BOOST_REQUIRE(parser.state() == State::kHeadDone);
  BOOST_TEST(parser.head().target == "/a/b?c=d");
}

BOOST_AUTO_TEST_CASE(leading_blank_lines_are_skipped_but_count_as_started) {
  HttpRequestParser parser(kHeaderLimit);
  parser.Feed("\r\n");
  BOOST_TEST(parser.started());
  BOOST_TEST((parser.state() == State::kHead));
  parser.Feed("GET / HTTP/1.1\n\n");  // bare LF line ends are accepted
  BOOST_TEST((parser.state() == State::kHeadDone));
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_refused_with_their_status) {
  BOOST_TEST(ErrorOf("GET /\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET  / HTTP/1.1\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("G(T / HTTP/1.1\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET nope HTTP/1.1\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET / HTTP/2.0\r\n\r\n") == 505);
  BOOST_TEST(ErrorOf("GET / HTTX/1.1\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET / HTTP/1.1\r\nno-colon\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf(std::string("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26)) == 400);
  BOOST_TEST(ErrorOf("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc") == 0);
  BOOST_TEST(
      ErrorOf("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n") == 400);
  BOOST_TEST(ErrorOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     std::string(2000, '1') + "\r\n") == 400);
}

BOOST_AUTO_TEST_CASE(trailers_are_held_to_the_header_limit) {
  std::string bytes = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " +
                      std::string(kHeaderLimit, 't') + "\r\n\r\n";
  BOOST_TEST(ErrorOf(bytes) == 431);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
