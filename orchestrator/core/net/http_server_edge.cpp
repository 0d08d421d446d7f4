// HttpServer::Edge: accepting (with connection limits and TLS), per-request rate limits,
// throttled refusal logs, and freeing closed connections outside their callbacks.
#include "orchestrator/core/net/http_server_edge.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "orchestrator/core/util/log.h"

namespace drove::core {
namespace {

using Clock = std::chrono::steady_clock;

// Connections kept open only to deliver a 429 are capped too; past this they close unanswered.
constexpr int kMaxRefusing = 1024;
constexpr timeval kAcceptRetry{0, 100'000};

PeerAddress PeerOf(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  PeerAddress peer;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    peer.port = ntohs(in->sin_port);
  } else if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    peer.port = ntohs(in6->sin6_port);
  }
  peer.address = text;
  return peer;
}

int LocalPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return PeerOf(reinterpret_cast<sockaddr*>(&address)).port;
}

ConnectionLimits::Options LimitsOf(const HttpServerOptions& options) {
  return {options.max_connections, options.max_connections_per_client,
          options.max_requests_per_second_per_client, options.request_burst_per_client};
}

HttpConnectionOptions ConnectionOptionsOf(const HttpServerOptions& options) {
  std::chrono::milliseconds io = std::chrono::seconds(options.io_timeout_seconds);
  return {options.max_header_bytes, options.header_timeout, options.body_timeout, io, io};
}

}  // namespace

HttpServer::Edge::Edge(HttpServer* server)
    : server_(server),
      connection_options_(ConnectionOptionsOf(server->options_)),
      limits_(LimitsOf(server->options_)) {
  event_base* base = server_->loop_.base();
  reap_ = event_new(base, -1, 0, OnReap, this);
  resume_accepting_ = evtimer_new(base, OnResumeAccepting, this);
}

HttpServer::Edge::~Edge() {
  for (evconnlistener* listener : listeners_) evconnlistener_free(listener);
  open_.clear();  // each connection closes; parked replies become no-ops
  closed_.clear();
  event_free(reap_);
  event_free(resume_accepting_);
}

Result<int> HttpServer::Edge::Listen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string where = host + ":" + std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints,
                       &found);
  if (rc != 0) return Status::Error("cannot listen on " + where + ": " + gai_strerror(rc));
  evconnlistener* listener =
      evconnlistener_new_bind(server_->loop_.base(), OnAccept, this,
                              LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
                              SOMAXCONN, found->ai_addr, static_cast<int>(found->ai_addrlen));
  int error = errno;
  freeaddrinfo(found);
  if (listener == nullptr) {
    return Status::Error("cannot listen on " + where + ": " + std::strerror(error));
  }
  evconnlistener_set_error_cb(listener, OnAcceptError);
  listeners_.push_back(listener);
  return LocalPort(evconnlistener_get_fd(listener));
}

Status HttpServer::Edge::LoadTls() {
  auto context = TlsServerContext::Load(server_->options_.tls);
  if (!context.ok()) return context.status();
  std::lock_guard lock(tls_mutex_);
  tls_ = std::move(context).value();
  return Status::Ok();
}

std::shared_ptr<const TlsServerContext> HttpServer::Edge::tls() const {
  std::lock_guard lock(tls_mutex_);
  return tls_;
}

void HttpServer::Edge::OnAccept(evconnlistener*, int fd, sockaddr* address, int, void* arg) {
  static_cast<Edge*>(arg)->Accept(fd, address);
}

void HttpServer::Edge::OnAcceptError(evconnlistener*, void* arg) {
  auto* self = static_cast<Edge*>(arg);
  int error = errno;
  // Out of descriptors, most likely: pause accepting instead of spinning on the listener.
  for (evconnlistener* listener : self->listeners_) evconnlistener_disable(listener);
  evtimer_add(self->resume_accepting_, &kAcceptRetry);
  self->Note("accept failed", PeerAddress{}, std::strerror(error));
}

void HttpServer::Edge::OnResumeAccepting(int, short, void* arg) {
  for (evconnlistener* listener : static_cast<Edge*>(arg)->listeners_) {
    evconnlistener_enable(listener);
  }
}

void HttpServer::Edge::OnReap(int, short, void* arg) { static_cast<Edge*>(arg)->closed_.clear(); }

std::optional<HttpServer::Edge::Refusal> HttpServer::Edge::Admit(const PeerAddress& peer) {
  switch (limits_.Open(peer.address, Clock::now())) {
    case ConnectionLimits::Verdict::kAdmitted:
      return std::nullopt;
    case ConnectionLimits::Verdict::kTooManyConnections:
      return Refusal{"too many connections", "connection refused: total limit"};
    case ConnectionLimits::Verdict::kTooManyFromClient:
      return Refusal{"too many connections from " + peer.address,
                     "connection refused: per-client limit"};
  }
  return std::nullopt;
}

void HttpServer::Edge::Accept(int fd, const sockaddr* address) {
  PeerAddress peer = PeerOf(address);
  std::optional<Refusal> refusal = Admit(peer);
  if (refusal && refusing_ >= kMaxRefusing) {
    Note("connection dropped: too many refused at once", peer, refusal->why);
    ::close(fd);
    return;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));  // replies go out whole
  SSL* ssl = nullptr;
  if (auto context = tls(); context != nullptr && (ssl = context->NewSsl()) == nullptr) {
    Note("connection dropped: out of memory", peer, "SSL_new failed");
    if (!refusal) limits_.Close(peer.address, Clock::now());
    ::close(fd);
    return;
  }
  auto connection = std::make_unique<HttpConnection>(server_->loop_.base(), fd, ssl, peer,
                                                     connection_options_, this);
  HttpConnection* raw = connection.get();
  open_.emplace(raw, Open{std::move(connection), !refusal});
  if (refusal) ++refusing_;
  raw->Start();
  if (refusal) raw->Refuse(429, refusal->why, refusal->event);
}

void HttpServer::Edge::Closed(HttpConnection* connection) {
  auto it = open_.find(connection);
  if (it == open_.end()) return;
  if (it->second.counted) {
    limits_.Close(connection->peer().address, Clock::now());
  } else {
    --refusing_;
  }
  closed_.push_back(std::move(it->second.connection));
  open_.erase(it);
  event_active(reap_, EV_TIMEOUT, 0);
}

size_t HttpServer::Edge::BodyLimit(const HttpRequestHead& head) {
  return server_->BodyLimit(head.method, head.target);
}

bool HttpServer::Edge::AdmitRequest(const PeerAddress& peer) {
  return limits_.TakeRequest(peer.address, Clock::now());
}

void HttpServer::Edge::HandleRequest(HttpRequestHead head, std::string body,
                                     const PeerAddress& peer,
                                     std::shared_ptr<internal::ReplySlot> slot) {
  Request request;
  request.method = std::move(head.method);
  const std::string& target = head.target;
  size_t path_end = target.find_first_of("?#");
  request.path = target.substr(0, path_end);
  if (path_end != std::string::npos && target[path_end] == '?') {
    size_t query_end = target.find('#', path_end);
    request.query = ParseQuery(std::string_view(target).substr(
        path_end + 1,
        query_end == std::string::npos ? std::string::npos : query_end - path_end - 1));
  }
  for (auto& [name, value] : head.headers) request.headers.emplace(name, std::move(value));
  request.body = std::move(body);
  request.remote_address = peer.address;
  request.remote_port = peer.port;
  server_->Dispatch(request, std::move(slot));
}

void HttpServer::Edge::Note(std::string_view event, const PeerAddress& peer,
                            std::string_view detail) {
  std::optional<long> count = throttle_.Due(event);
  if (!count) return;
  DLOG_WARN(event,
            {{"client", peer.address}, {"detail", detail}, {"count", std::to_string(*count)}});
}

}  // namespace drove::core
