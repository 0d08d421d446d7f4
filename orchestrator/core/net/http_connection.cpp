// HttpConnection: the per-connection state machine (read a request, hand it over, write its
// reply, next) on a bufferevent, with one timer for whichever deadline applies.
#include "orchestrator/core/net/http_connection.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace drove::core {
namespace {

// Unparsed bytes a connection holds at most: while a request waits for its reply, a pipelined
// next one waits here, and reading pauses at this mark (only a close is still noticed).
constexpr size_t kInputHighWater = 64 * 1024;
// With more than this of replies unread by the client, the next pipelined request waits until
// the client has read them, so a client that never reads cannot make replies pile up.
constexpr size_t kOutputHighWater = 64 * 1024;
// After the last reply, how long and how much to keep reading (and dropping) before closing:
// closing with unread bytes would reset the connection and could destroy that reply in transit.
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr size_t kLingerBytes = 1024 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// Bodies up to this size are copied behind the head: one write, so one TLS record per reply.
constexpr size_t kCopiedBodyBytes = 16 * 1024;

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

std::string DurationText(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + " s";
  return std::to_string(ms.count()) + " ms";
}

// The log line of a refusal, one kind per status so that each is throttled on its own.
const char* RefusalEvent(int status) {
  switch (status) {
    case 408:
      return "request refused: too slow";
    case 413:
      return "request refused: body too large";
    case 431:
      return "request refused: header too large";
    default:
      return "request refused: malformed";
  }
}

void FreeString(const void*, size_t, void* text) { delete static_cast<std::string*>(text); }

// After a failed handshake the alert saying why is already in the socket, but a client that sent
// its request right after its Finished has bytes we never read: closing then makes the kernel send
// a reset, which destroys the alert in transit (the client sees "connection reset", not "a client
// certificate is required"). Reading what is queued and ending the write side first makes the close
// a plain FIN behind the alert.
void SendFinAfterAlert(int fd) {
  char sink[4096];
  while (::recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
  }
  ::shutdown(fd, SHUT_WR);
}

}  // namespace

HttpConnection::HttpConnection(event_base* base, int fd, SSL* ssl, PeerAddress peer,
                               const HttpConnectionOptions& options, HttpConnectionHost* host)
    : options_(options),
      host_(host),
      peer_(std::move(peer)),
      fd_(fd),
      ssl_(ssl),
      handshake_done_(ssl == nullptr),
      parser_(options.max_header_bytes) {
  const int flags = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;
  bev_ = ssl != nullptr
             ? bufferevent_openssl_socket_new(base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING, flags)
             : bufferevent_socket_new(base, fd, flags);
  timer_ = evtimer_new(base, OnTimer, this);
}

HttpConnection::~HttpConnection() {
  if (phase_ != Phase::kClosed) Release();
  if (timer_ != nullptr) event_free(timer_);
}

void HttpConnection::Start() {
  if (bev_ == nullptr || timer_ == nullptr) {
    host_->Note("connection dropped: out of memory", peer_, "");
    if (bev_ == nullptr) ::close(fd_);
    return Close();
  }
  bufferevent_setcb(bev_, OnRead, OnWrite, OnEvent, this);
  bufferevent_setwatermark(bev_, EV_READ, 0, kInputHighWater);
  timeval write_timeout = ToTimeval(options_.write_timeout);
  bufferevent_set_timeouts(bev_, nullptr, &write_timeout);
  // Clients that drop the TCP connection without close_notify are ordinary; not an error.
  if (ssl_ != nullptr) bufferevent_openssl_set_allow_dirty_shutdown(bev_, 1);
  bufferevent_enable(bev_, EV_READ | EV_WRITE);
  Arm(Deadline::kHead, options_.header_timeout);
}

void HttpConnection::OnRead(bufferevent*, void* arg) {
  auto* self = static_cast<HttpConnection*>(arg);
  if (self->phase_ == Phase::kLingering) {
    evbuffer* input = bufferevent_get_input(self->bev_);
    self->lingered_bytes_ += evbuffer_get_length(input);
    evbuffer_drain(input, evbuffer_get_length(input));
    if (self->lingered_bytes_ > kLingerBytes) self->Close();
    return;
  }
  self->Process();
}

void HttpConnection::OnWrite(bufferevent*, void* arg) {
  static_cast<HttpConnection*>(arg)->OnFlushed();
}

void HttpConnection::OnEvent(bufferevent*, short events, void* arg) {
  auto* self = static_cast<HttpConnection*>(arg);
  if ((events & BEV_EVENT_CONNECTED) != 0) {
    self->handshake_done_ = true;
  } else if ((events & BEV_EVENT_EOF) != 0) {
    self->OnClientClosed();
  } else if ((events & BEV_EVENT_ERROR) != 0) {
    if (!self->handshake_done_) {
      char text[256] = "connection closed";
      unsigned long code = bufferevent_get_openssl_error(self->bev_);
      if (code != 0) ERR_error_string_n(code, text, sizeof(text));
      self->host_->Note("TLS handshake failed", self->peer_, text);
      ERR_clear_error();  // what is left must not be blamed on the next connection
      SendFinAfterAlert(bufferevent_getfd(self->bev_));
    }
    self->Close();
  } else if ((events & BEV_EVENT_TIMEOUT) != 0) {
    self->host_->Note("connection closed: client does not read", self->peer_, "");
    self->Close();
  }
}

void HttpConnection::OnTimer(int, short, void* arg) {
  static_cast<HttpConnection*>(arg)->OnDeadline();
}

void HttpConnection::Process() {
  if (processing_) return;  // a reply given synchronously: the running loop goes on
  processing_ = true;
  while (phase_ == Phase::kRequest && evbuffer_get_length(bufferevent_get_input(bev_)) > 0) {
    // The head's deadline runs from its first byte, not from each byte (no slowloris).
    if (deadline_ == Deadline::kIdle) Arm(Deadline::kHead, options_.header_timeout);
    FeedParser();
    OnParsed();
  }
  processing_ = false;
}

void HttpConnection::FeedParser() {
  evbuffer* input = bufferevent_get_input(bev_);
  evbuffer_iovec chunks[8];
  int count = std::min(evbuffer_peek(input, -1, nullptr, chunks, 8), 8);
  size_t used = 0;
  for (int i = 0; i < count; ++i) {
    size_t n = parser_.Feed({static_cast<const char*>(chunks[i].iov_base), chunks[i].iov_len});
    used += n;
    if (n < chunks[i].iov_len) break;
  }
  evbuffer_drain(input, used);
}

void HttpConnection::OnParsed() {
  switch (parser_.state()) {
    case HttpRequestParser::State::kHead:
    case HttpRequestParser::State::kBody:
      return;  // more bytes to come
    case HttpRequestParser::State::kHeadDone:
      return OnHead();
    case HttpRequestParser::State::kDone:
      return OnRequest();
    case HttpRequestParser::State::kError:
      return Refuse(parser_.error_status(), parser_.error_message());
  }
}

void HttpConnection::OnHead() {
  if (!host_->AdmitRequest(peer_)) {
    return Refuse(429, "too many requests from " + peer_.address, "request refused: rate limit");
  }
  // The limit is the route's, and a Content-Length over it is refused before the body is read.
  parser_.BeginBody(host_->BodyLimit(parser_.head()));
  if (parser_.state() != HttpRequestParser::State::kBody) return OnParsed();
  Arm(Deadline::kBody, options_.body_timeout);
  if (parser_.head().expect_continue) bufferevent_write(bev_, kContinue, sizeof(kContinue) - 1);
}

void HttpConnection::OnRequest() {
  phase_ = Phase::kHandling;
  Arm(Deadline::kNone, {});  // a parked request (long-poll, proxied call) waits as long as needed
  HttpRequestHead head = parser_.head();
  std::string body = parser_.TakeBody();
  parser_.Reset();
  keep_alive_ = head.keep_alive;
  head_only_ = head.method == "HEAD";
  minor_version_ = head.minor_version;
  pending_ = std::make_shared<internal::ReplySlot>();
  pending_->connection = this;
  pending_->method = head.method;
  pending_->path = head.target.substr(0, head.target.find('?'));
  host_->HandleRequest(std::move(head), std::move(body), peer_, pending_);
}

void HttpConnection::Reply(internal::ReplySlot& slot, HttpReply reply) {
  if (phase_ != Phase::kHandling || pending_.get() != &slot) return;
  slot.connection = nullptr;
  pending_.reset();
  std::string_view connection = !keep_alive_ ? "close" : minor_version_ == 0 ? "keep-alive" : "";
  std::string head = FormatResponseHead(reply, connection);
  evbuffer* output = bufferevent_get_output(bev_);
  bool with_body = !head_only_ && !StatusHasNoBody(reply.status) && !reply.body.empty();
  if (with_body && reply.body.size() <= kCopiedBodyBytes) {
    head.append(reply.body);  // one buffer chain is one TLS record, not two
    with_body = false;
  }
  evbuffer_add(output, head.data(), head.size());
  if (with_body) {
    auto* body = new std::string(std::move(reply.body));
    evbuffer_add_reference(output, body->data(), body->size(), FreeString, body);
  }
  AfterReply();
}

void HttpConnection::AfterReply() {
  if (!keep_alive_) {
    phase_ = Phase::kClosing;  // OnFlushed closes
    return;
  }
  NextRequest();
}

bool HttpConnection::StartStream(internal::ReplySlot& slot, HttpReply head, size_t max_unread,
                                 std::function<void()> closed) {
  if (phase_ != Phase::kHandling || pending_.get() != &slot) return false;
  // An HTTP/1.0 client knows no chunks: its body ends with the connection.
  if (minor_version_ == 0) keep_alive_ = false;
  chunked_ = minor_version_ != 0;
  head.framing = chunked_ ? BodyFraming::kChunked : BodyFraming::kUntilClose;
  head.body.clear();
  std::string text = FormatResponseHead(head, keep_alive_ ? "" : "close");
  bufferevent_write(bev_, text.data(), text.size());
  if (head_only_) {
    slot.connection = nullptr;
    pending_.reset();
    AfterReply();
    return false;
  }
  phase_ = Phase::kStreaming;
  stream_max_unread_ = max_unread;
  stream_closed_ = std::move(closed);
  return true;
}

bool HttpConnection::WriteStream(internal::ReplySlot& slot, std::string_view piece) {
  if (phase_ != Phase::kStreaming || pending_.get() != &slot) return false;
  evbuffer* output = bufferevent_get_output(bev_);
  size_t unread = evbuffer_get_length(output);
  if (unread + piece.size() > stream_max_unread_) {
    host_->Note("stream closed: client does not read", peer_,
                std::to_string(unread) + " bytes unread, cap " +
                    std::to_string(stream_max_unread_) + " path=" + slot.path);
    Close();
    return false;
  }
  if (piece.empty()) return true;  // an empty chunk would end the body
  if (chunked_) evbuffer_add_printf(output, "%zx\r\n", piece.size());
  evbuffer_add(output, piece.data(), piece.size());
  if (chunked_) evbuffer_add(output, "\r\n", 2);
  return true;
}

void HttpConnection::EndStream(internal::ReplySlot& slot) {
  if (phase_ != Phase::kStreaming || pending_.get() != &slot) return;
  if (chunked_) bufferevent_write(bev_, "0\r\n\r\n", 5);
  slot.connection = nullptr;
  pending_.reset();
  std::function<void()> closed = std::move(stream_closed_);
  stream_closed_ = nullptr;
  phase_ = Phase::kHandling;  // as after any reply: closing or the next request
  AfterReply();
  if (closed) closed();
}

void HttpConnection::NextRequest() {
  if (evbuffer_get_length(bufferevent_get_output(bev_)) > kOutputHighWater) {
    phase_ = Phase::kDraining;  // OnFlushed goes on
    return;
  }
  phase_ = Phase::kRequest;
  Arm(Deadline::kIdle, options_.idle_timeout);
  Process();
}

void HttpConnection::OnFlushed() {
  // libevent also calls this when the socket first turns writable, with nothing written yet.
  if (evbuffer_get_length(bufferevent_get_output(bev_)) > 0) return;
  if (phase_ == Phase::kClosing) {
    StartLingering();
  } else if (phase_ == Phase::kDraining) {
    NextRequest();
  }
}

void HttpConnection::OnClientClosed() {
  eof_ = true;
  bool unsent = evbuffer_get_length(bufferevent_get_output(bev_)) > 0;
  // A client may half-close after its last request: the replies it still reads go out first.
  if (unsent &&
      (phase_ == Phase::kRequest || phase_ == Phase::kDraining || phase_ == Phase::kClosing)) {
    phase_ = Phase::kClosing;
    return;
  }
  Close();  // while a request is parked this is what makes Responder::client_gone() true
}

void HttpConnection::StartLingering() {
  if (eof_) return Close();
  phase_ = Phase::kLingering;
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);  // close_notify; the bufferevent's BIO is the socket
    ERR_clear_error();   // a failure here must not be blamed on the next connection's I/O
  }
  ::shutdown(bufferevent_getfd(bev_), SHUT_WR);
  evbuffer* input = bufferevent_get_input(bev_);
  evbuffer_drain(input, evbuffer_get_length(input));
  Arm(Deadline::kClose, kLingerTime);
}

void HttpConnection::Refuse(int status, const std::string& why, std::string_view event) {
  if (phase_ == Phase::kClosing || phase_ == Phase::kLingering || phase_ == Phase::kClosed) return;
  host_->Note(event.empty() ? RefusalEvent(status) : event, peer_,
              std::to_string(status) + " " + why);
  HttpReply reply = EdgeError(status, why);
  std::string head = FormatResponseHead(reply, "close");
  head.append(reply.body);
  bufferevent_write(bev_, head.data(), head.size());
  phase_ = Phase::kClosing;
  // Flushing (after a handshake, for a refusal at accept) gets as long as a head would.
  Arm(Deadline::kClose, options_.header_timeout);
}

void HttpConnection::OnDeadline() {
  Deadline expired = deadline_;
  deadline_ = Deadline::kNone;
  switch (expired) {
    case Deadline::kHead:
      if (!handshake_done_) {
        host_->Note("TLS handshake timed out", peer_, "");
        return Close();
      }
      if (!parser_.started()) return Close();  // nothing asked: nothing to answer
      return Refuse(408,
                    "request head not received within " + DurationText(options_.header_timeout));
    case Deadline::kBody:
      return Refuse(408, "request body not received within " + DurationText(options_.body_timeout));
    case Deadline::kIdle:
    case Deadline::kClose:
      return Close();
    case Deadline::kNone:
      return;
  }
}

void HttpConnection::Arm(Deadline deadline, std::chrono::milliseconds after) {
  deadline_ = deadline;
  if (deadline == Deadline::kNone) {
    event_del(timer_);
    return;
  }
  timeval tv = ToTimeval(after);
  event_add(timer_, &tv);
}

void HttpConnection::Close() {
  if (phase_ == Phase::kClosed) return;
  Release();
  host_->Closed(this);
}

void HttpConnection::Release() {
  phase_ = Phase::kClosed;
  if (pending_) {
    pending_->connection = nullptr;
    pending_->client_gone = true;
    pending_.reset();
  }
  if (timer_ != nullptr) event_del(timer_);
  if (bev_ != nullptr) bufferevent_free(bev_);  // closes the socket (and frees the SSL)
  bev_ = nullptr;
  std::function<void()> stream_closed = std::move(stream_closed_);
  stream_closed_ = nullptr;
  if (stream_closed) stream_closed();  // last: it may be the producer's own clean-up
}

}  // namespace drove::core
