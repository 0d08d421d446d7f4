// Incremental HTTP/1.1 response parser (head, then Content-Length, chunked or read-to-EOF body).
// Fed raw bytes as they arrive; hands de-chunked body bytes to a sink. Never trusts the peer:
// every size is bounded and every malformed line is an error, not a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

class HttpResponseParser {
 public:
  // Receives body bytes; returning false stops the parse (Feed then reports stopped()).
  using BodySink = std::function<bool(std::string_view)>;

  // head_only_request: the request was HEAD, so no body follows whatever the headers say.
  explicit HttpResponseParser(bool head_only_request = false) : head_only_(head_only_request) {}

  void set_sink(BodySink sink) { sink_ = std::move(sink); }

  // Consumes bytes; returns an error on malformed input. Call Finish() when the peer closes.
  Status Feed(std::string_view bytes);
  // The peer closed: completes a read-to-EOF body, or fails when the message was cut short.
  Status Finish();

  bool head_done() const { return state_ > State::kHead; }
  bool done() const { return state_ == State::kDone; }
  bool stopped() const { return stopped_; }
  // Status and headers (names lower-cased); body stays empty, it goes to the sink.
  const HttpResponse& head() const { return head_; }

 private:
  enum class State {
    kHead,
    kLengthBody,
    kEofBody,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone
  };

  Status ParseHead(std::string_view head);
  Status StartBody();
  Status Step(bool& progressed);
  bool Deliver(std::string_view bytes);
  // Takes one CRLF- (or LF-) terminated line out of buffer_; false when not complete yet.
  bool TakeLine(std::string& line);

  bool head_only_;
  BodySink sink_;
  State state_ = State::kHead;
  bool stopped_ = false;
  std::string buffer_;
  uint64_t remaining_ = 0;  // body bytes left (Content-Length) or in the current chunk
  HttpResponse head_;
};

}  // namespace drove::core
