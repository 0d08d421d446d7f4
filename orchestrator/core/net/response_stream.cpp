// ResponseStream: a streamed reply's state shared by the producer's handles and the connection,
// every step run on the loop thread (inline when already there).
#include "orchestrator/core/net/response_stream.h"

#include <atomic>

#include "orchestrator/core/net/http_connection.h"

namespace drove::core {

namespace internal {

struct StreamState {
  std::shared_ptr<ReplySlot> slot;
  LoopHandle loop;
  std::atomic<bool> over{false};
  std::function<void()> on_closed;  // loop thread; run once by Finish

  // Loop thread: the stream is over; tell the producer once.
  void Finish() {
    over = true;
    std::function<void()> closed = std::move(on_closed);
    on_closed = nullptr;
    if (closed) closed();
  }

  // Runs fn on the loop thread; false when the loop is gone (the stream is then over too).
  bool OnLoop(std::function<void()> fn) {
    if (loop.InLoopThread()) {
      fn();
      return true;
    }
    if (loop.Post(std::move(fn))) return true;
    over = true;
    return false;
  }
};

ResponseStream StartResponseStream(std::shared_ptr<ReplySlot> slot, LoopHandle loop, HttpReply head,
                                   StreamOptions options) {
  auto state = std::make_shared<StreamState>();
  state->slot = std::move(slot);
  state->loop = std::move(loop);
  state->on_closed = std::move(options.on_closed);
  size_t max_unread = options.max_unread_bytes;
  state->OnLoop([state, head = std::move(head), max_unread]() mutable {
    HttpConnection* connection = state->slot->connection;
    if (connection == nullptr || !connection->StartStream(*state->slot, std::move(head), max_unread,
                                                          [state] { state->Finish(); })) {
      state->Finish();
    }
  });
  return ResponseStream(std::move(state));
}

}  // namespace internal

bool ResponseStream::Write(std::string piece) const {
  if (!state_ || state_->over) return false;
  return state_->OnLoop([state = state_, piece = std::move(piece)] {
    HttpConnection* connection = state->slot->connection;
    if (state->over || connection == nullptr) return;
    connection->WriteStream(*state->slot, piece);  // on failure the close runs Finish
  });
}

void ResponseStream::End() const {
  if (!state_ || state_->over) return;
  state_->OnLoop([state = state_] {
    HttpConnection* connection = state->slot->connection;
    if (connection != nullptr) connection->EndStream(*state->slot);
  });
}

bool ResponseStream::open() const { return state_ && !state_->over; }

}  // namespace drove::core
