// HttpServer's network side: listening sockets, the open connections, the connection and
// request limits, and the TLS context new connections get. Private to http_server*.cpp.
// Owner: the loop thread, except ReloadTls (tls_ is guarded).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "orchestrator/core/net/connection_limits.h"
#include "orchestrator/core/net/http_connection.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/log_throttle.h"
#include "orchestrator/core/net/tls_server_context.h"

struct evconnlistener;
struct sockaddr;

namespace drove::core {

class HttpServer::Edge : public HttpConnectionHost {
 public:
  explicit Edge(HttpServer* server);
  ~Edge() override;

  // Listens on host:port and returns the port bound.
  Result<int> Listen(const std::string& host, int port);
  // Builds the TLS context from the server's options (kept as it was on error).
  Status LoadTls();
  // The context new connections get; nullptr for plain HTTP.
  std::shared_ptr<const TlsServerContext> tls() const;

  size_t BodyLimit(const HttpRequestHead& head) override;
  bool AdmitRequest(const PeerAddress& peer) override;
  void HandleRequest(HttpRequestHead head, std::string body, const PeerAddress& peer,
                     std::shared_ptr<internal::ReplySlot> slot) override;
  void Note(std::string_view event, const PeerAddress& peer, std::string_view detail) override;
  void Closed(HttpConnection* connection) override;

 private:
  struct Open {
    std::unique_ptr<HttpConnection> connection;
    bool counted;  // admitted, so ConnectionLimits counts it
  };

  static void OnAccept(evconnlistener* listener, int fd, sockaddr* address, int length, void* arg);
  static void OnAcceptError(evconnlistener* listener, void* arg);
  static void OnResumeAccepting(int fd, short what, void* arg);
  static void OnReap(int fd, short what, void* arg);
  void Accept(int fd, const sockaddr* address);
  struct Refusal {
    std::string why;    // the 429's message
    const char* event;  // the log line's kind
  };
  // Counts the connection in, or says why it is over a limit.
  std::optional<Refusal> Admit(const PeerAddress& peer);

  HttpServer* server_;
  HttpConnectionOptions connection_options_;
  ConnectionLimits limits_;
  LogThrottle throttle_;
  std::vector<evconnlistener*> listeners_;
  std::unordered_map<HttpConnection*, Open> open_;
  int refusing_ = 0;                                     // connections open only to deliver a 429
  std::vector<std::unique_ptr<HttpConnection>> closed_;  // freed by reap_, outside callbacks
  event* reap_ = nullptr;
  event* resume_accepting_ = nullptr;  // after accept() failed (e.g. out of descriptors)
  mutable std::mutex tls_mutex_;       // guards tls_
  std::shared_ptr<const TlsServerContext> tls_;
};

}  // namespace drove::core
