// Incremental parser of HTTP/1.x request bytes: the head (request line and headers, within a byte
// limit), then a Content-Length or chunked body within a limit the caller sets once it has seen
// the head (so an oversized Content-Length is refused before any body byte is read). No I/O: a
// connection feeds it what arrives, the fuzzer feeds it anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drove::core {

struct HttpRequestHead {
  std::string method;
  // Path and query as sent ("/a/b?c=d"); an absolute-form target is reduced to this.
  std::string target;
  int minor_version = 1;                                     // HTTP/1.<minor_version>
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::optional<uint64_t> content_length;
  bool chunked = false;
  bool keep_alive = true;        // HTTP/1.1 unless `Connection: close`; 1.0 only with keep-alive
  bool expect_continue = false;  // `Expect: 100-continue` on HTTP/1.1
};

class HttpRequestParser {
 public:
  enum class State {
    kHead,      // reading the request line and headers
    kHeadDone,  // the head is complete: call BeginBody
    kBody,      // reading the body
    kDone,      // a whole request: read head() and TakeBody(), then Reset()
    kError,     // error_status() and error_message() say why; the connection is beyond repair
  };

  explicit HttpRequestParser(size_t max_header_bytes) : max_header_bytes_(max_header_bytes) {}

  // Consumes a prefix of `data` and returns its length. Stops at kHeadDone, kDone and kError, so
  // the bytes of a pipelined next request stay with the caller.
  size_t Feed(std::string_view data);
  // After kHeadDone: accepts a body of at most max_body_bytes. A larger Content-Length is a 413
  // at once; a chunked body is counted as it comes. Without a body the state becomes kDone.
  void BeginBody(size_t max_body_bytes);
  // Ready for the next request on the same connection.
  void Reset();

  State state() const { return state_; }
  // True once a byte of the current request has arrived (leading blank lines included).
  bool started() const { return state_ != State::kHead || head_bytes_ > 0; }
  // True while the body has bytes still to come.
  bool awaiting_body() const { return state_ == State::kBody; }
  const HttpRequestHead& head() const { return head_; }
  std::string TakeBody() { return std::move(body_); }
  int error_status() const { return error_status_; }  // 400, 413, 417, 431, 501 or 505
  const std::string& error_message() const { return error_message_; }

 private:
  enum class ChunkState { kSize, kData, kDataEnd, kTrailer };

  size_t FeedHead(std::string_view data);
  size_t FeedBody(std::string_view data);
  size_t FeedChunked(std::string_view data);
  // Moves bytes up to and including the next LF into line_; fails with `status` when that would
  // take more than `room` bytes. Sets *complete when the line ended (line_ then lacks its CR LF).
  size_t TakeLine(std::string_view data, size_t room, int status, const std::string& why,
                  bool* complete);
  void ParseRequestLine(std::string_view line);
  void ParseHeaderLine(std::string_view line);
  void FinishHead();
  void ReadFramingHeaders();
  void ReadConnectionHeaders();
  void StartChunk(std::string_view size_line);
  void Fail(int status, std::string message);

  const size_t max_header_bytes_;
  State state_ = State::kHead;
  HttpRequestHead head_;
  bool request_line_seen_ = false;
  size_t head_bytes_ = 0;  // head (or trailer) bytes so far, line ends included
  std::string line_;       // the line being read
  std::string body_;
  size_t max_body_bytes_ = 0;
  uint64_t remaining_ = 0;  // bytes left of the Content-Length body or of the current chunk
  ChunkState chunk_state_ = ChunkState::kSize;
  int error_status_ = 0;
  std::string error_message_;
};

}  // namespace drove::core
