// One accepted HTTP/1.1 connection on a libevent bufferevent, plain or TLS: reads requests with
// HttpRequestParser, hands each complete one to its host and writes the replies in order
// (keep-alive, pipelining, HEAD, Expect: 100-continue), enforcing the head, body and idle
// deadlines. A request waiting for its reply is exempt from them, and the connection keeps
// watching for the client's close meanwhile. A reply may also be a stream: its head now, its body
// in pieces later (chunked), with a cap on what the client has not read yet.
// Owner: the loop thread; the host frees a connection after Closed(), never inside a callback.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "orchestrator/core/net/http_request_parser.h"
#include "orchestrator/core/net/http_response.h"

struct bufferevent;
struct event;
struct event_base;
typedef struct ssl_st SSL;

namespace drove::core {

class HttpConnection;

namespace internal {
// A request's way back to its connection while it waits for its reply.
struct ReplySlot {
  HttpConnection* connection = nullptr;  // loop thread; nulled once answered or closed
  std::atomic<bool> client_gone{false};
  std::string method;
  std::string path;
};
}  // namespace internal

struct PeerAddress {
  std::string address;  // "127.0.0.2", "::1"
  int port = 0;
};

struct HttpConnectionOptions {
  size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};   // between requests
  std::chrono::milliseconds write_timeout{60'000};  // a write making no progress
};

// What a connection asks of its server.
class HttpConnectionHost {
 public:
  virtual ~HttpConnectionHost() = default;
  // The body limit of the request `head` announces.
  virtual size_t BodyLimit(const HttpRequestHead& head) = 0;
  // Takes one request from the client's rate; false refuses it (429).
  virtual bool AdmitRequest(const PeerAddress& peer) = 0;
  // A complete request, answered later through slot->connection->Reply (loop thread).
  virtual void HandleRequest(HttpRequestHead head, std::string body, const PeerAddress& peer,
                             std::shared_ptr<internal::ReplySlot> slot) = 0;
  // A refusal or failure worth a log line (the host throttles them).
  virtual void Note(std::string_view event, const PeerAddress& peer, std::string_view detail) = 0;
  // The connection has closed; free it later, not from inside this call.
  virtual void Closed(HttpConnection* connection) = 0;
};

class HttpConnection {
 public:
  // Takes ownership of `fd` and of `ssl` (nullptr: plain HTTP).
  HttpConnection(event_base* base, int fd, SSL* ssl, PeerAddress peer,
                 const HttpConnectionOptions& options, HttpConnectionHost* host);
  // Closes without telling the host (the server is going away).
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Starts reading; the first head (and the TLS handshake) must arrive within header_timeout.
  void Start();
  // Answers at once with `status` and `why` in the JSON error body, then closes. `event` is the
  // log line's kind (by default one per status).
  void Refuse(int status, const std::string& why, std::string_view event = {});
  // Answers the request behind `slot` (it must be this connection's pending one).
  void Reply(internal::ReplySlot& slot, HttpReply reply);
  // Answers the request behind `slot` with `head` now and a body written piece by piece later.
  // While it streams no deadline runs. `closed` runs once when the stream is over (EndStream,
  // the client's close, the cap, the connection's destruction). False, without calling `closed`,
  // when `slot` is not this connection's pending request (or it is a HEAD: the head is all).
  bool StartStream(internal::ReplySlot& slot, HttpReply head, size_t max_unread,
                   std::function<void()> closed);
  // Sends one piece of the stream. With more than max_unread bytes not yet taken by the client
  // the connection closes instead (one log line) and this returns false.
  bool WriteStream(internal::ReplySlot& slot, std::string_view piece);
  // Ends the stream's body; the connection goes on with the next request.
  void EndStream(internal::ReplySlot& slot);

  const PeerAddress& peer() const { return peer_; }

 private:
  enum class Phase { kRequest, kHandling, kStreaming, kDraining, kClosing, kLingering, kClosed };
  enum class Deadline { kNone, kIdle, kHead, kBody, kClose };

  static void OnRead(bufferevent* bev, void* arg);
  static void OnWrite(bufferevent* bev, void* arg);
  static void OnEvent(bufferevent* bev, short events, void* arg);
  static void OnTimer(int fd, short what, void* arg);

  void Process();
  void FeedParser();
  void OnParsed();
  void OnHead();
  void OnRequest();
  void NextRequest();
  // After a reply's last byte is queued: close (no keep-alive) or go on to the next request.
  void AfterReply();
  void OnFlushed();
  void OnDeadline();
  void OnClientClosed();
  void StartLingering();
  void Arm(Deadline deadline, std::chrono::milliseconds after);
  void Close();
  void Release();

  HttpConnectionOptions options_;
  HttpConnectionHost* host_;
  PeerAddress peer_;
  bufferevent* bev_ = nullptr;
  event* timer_ = nullptr;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool handshake_done_ = true;  // false until a TLS handshake completes
  bool eof_ = false;            // the client closed (or half-closed) its side
  Phase phase_ = Phase::kRequest;
  Deadline deadline_ = Deadline::kNone;
  bool processing_ = false;  // inside Process(): a synchronous reply must not re-enter it
  HttpRequestParser parser_;
  // The request waiting for its reply, and how to answer it.
  std::shared_ptr<internal::ReplySlot> pending_;
  bool keep_alive_ = true;
  bool head_only_ = false;
  int minor_version_ = 1;
  size_t lingered_bytes_ = 0;
  // The streamed reply in progress (Phase::kStreaming).
  bool chunked_ = false;
  size_t stream_max_unread_ = 0;
  std::function<void()> stream_closed_;
};

}  // namespace drove::core
