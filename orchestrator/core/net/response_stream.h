// A reply whose body goes out in pieces over time (HTTP/1.1 chunked transfer encoding), for
// server-sent events: pieces pushed from any thread, an end, and word of the client's leaving.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_response.h"

namespace drove::core {

class ResponseStream;
struct StreamOptions;

namespace internal {
struct ReplySlot;
struct StreamState;
// Starts the streamed reply to the request behind `slot` (Responder::Stream's work).
ResponseStream StartResponseStream(std::shared_ptr<ReplySlot> slot, LoopHandle loop, HttpReply head,
                                   StreamOptions options);
}  // namespace internal

struct StreamOptions {
  // Written but not yet taken by the client: past this the stream is closed (and one line
  // logged), so a slow or stalled reader cannot make the server hold unbounded output.
  size_t max_unread_bytes = 1 << 20;
  // Runs once, on the server's loop thread, when the stream is over for any reason: End(), the
  // client's close, the cap above, the server going away. The producer unsubscribes here. It must
  // not block; it runs inside the server's network callbacks.
  std::function<void()> on_closed;
};

// A copyable handle on one streamed reply (Responder::Stream). Write and End are safe from any
// thread (marshalled to the loop, as Responder::Send is); pieces written from one thread arrive in
// that order. Both are no-ops once the stream is over.
class ResponseStream {
 public:
  ResponseStream() = default;  // already over

  // Queues one piece of the body; false once the stream is over (nothing was queued).
  bool Write(std::string piece) const;
  // Ends the body cleanly (the terminating chunk); the connection serves its next request.
  void End() const;
  // False once the stream is over, as far as this thread has heard.
  bool open() const;

 private:
  friend ResponseStream internal::StartResponseStream(std::shared_ptr<internal::ReplySlot>,
                                                      LoopHandle, HttpReply, StreamOptions);
  explicit ResponseStream(std::shared_ptr<internal::StreamState> state)
      : state_(std::move(state)) {}
  std::shared_ptr<internal::StreamState> state_;
};

}  // namespace drove::core
