// libFuzzer target: arbitrary bytes as what a client sends an HttpServer, through the request
// parser (core/net/http_request_parser.h) as the connection drives it: requests one after another
// (pipelining), body limits set at each head. Fed whole, a byte at a time and in 7-byte pieces,
// the bytes must give the same requests and the same refusal, within the limits.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/net/http_request_parser.h"
#include "orchestrator/core/net/json_depth.h"

namespace {

namespace core = drove::core;
using State = core::HttpRequestParser::State;

constexpr size_t kHeaderLimit = 2048;
constexpr size_t kBodyLimit = 4096;

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

// Checks one complete request and describes it.
std::string Describe(core::HttpRequestParser& parser, std::string_view input) {
  const core::HttpRequestHead& head = parser.head();
  std::string body = parser.TakeBody();
  if (head.method.empty() || head.target.empty()) Fail("request without method or target", input);
  if (head.target.front() != '/' && head.target != "*") Fail("target not in origin form", input);
  if (body.size() > kBodyLimit) Fail("body over the limit", input);
  if (head.content_length && *head.content_length != body.size()) Fail("length mismatch", input);
  core::JsonDeeperThan(body, 64);
  return head.method + " " + head.target + " " + std::to_string(head.headers.size()) + " " +
         std::to_string(body.size()) + (head.keep_alive ? " keep" : " close");
}

// The requests (and the final refusal, if any) the bytes give when fed `step` bytes at a time.
std::vector<std::string> Parse(std::string_view input, size_t step) {
  std::vector<std::string> out;
  core::HttpRequestParser parser(kHeaderLimit);
  size_t at = 0;
  while (true) {
    State state = parser.state();
    if (state == State::kHeadDone) {
      parser.BeginBody(kBodyLimit);
    } else if (state == State::kDone) {
      out.push_back(Describe(parser, input));
      parser.Reset();
    } else if (state == State::kError) {
      int status = parser.error_status();
      if (status != 400 && status != 413 && status != 417 && status != 431 && status != 501 &&
          status != 505) {
        Fail("unexpected refusal status", input);
      }
      if (parser.error_message().empty()) Fail("refusal without a reason", input);
      out.push_back("error " + std::to_string(status) + " " + parser.error_message());
      return out;
    } else if (at >= input.size()) {
      return out;
    } else {
      size_t piece = std::min(step, input.size() - at);
      size_t used = parser.Feed(input.substr(at, piece));
      if (used > piece) Fail("consumed more than given", input);
      if (used == 0 && (parser.state() == State::kHead || parser.state() == State::kBody)) {
        Fail("no progress", input);
      }
      at += used;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> whole = Parse(input, input.size() + 1);
  if (Parse(input, 1) != whole || Parse(input, 7) != whole)
    Fail("depends on how bytes arrive", input);
  return 0;
}
