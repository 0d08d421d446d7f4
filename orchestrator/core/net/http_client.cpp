// Blocking HTTP/1.1 client: TCP or unix socket, one connection per call, poll()-based timeouts.
#include "orchestrator/core/net/http_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "orchestrator/core/net/http_response_parser.h"
#include "orchestrator/core/net/tls_client.h"

namespace drove::core {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxSendBody = size_t{1} << 30;  // Send() buffers the body; refuse beyond 1 GiB
constexpr size_t kMaxStreamErrorBody = 64 * 1024;
constexpr milliseconds kCancelPoll{100};

// Owns a socket descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Errno(std::string_view what) { return std::string(what) + ": " + std::strerror(errno); }

// Deadline plus optional cancel flag: how long the next poll() may wait.
struct Wait {
  std::optional<Clock::time_point> deadline;
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(); }
  // -1 = forever; 0 = expired. Capped so the cancel flag is seen in time.
  int PollMillis() const {
    milliseconds cap = cancel != nullptr ? kCancelPoll : milliseconds(-1);
    if (!deadline) return static_cast<int>(cap.count());
    auto left = std::chrono::duration_cast<milliseconds>(*deadline - Clock::now());
    if (left.count() <= 0) return 0;
    if (cap.count() >= 0) left = std::min(left, cap);
    return static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
  }
  bool expired() const { return deadline && Clock::now() >= *deadline; }
};

// Waits for `events` on fd; returns ok when ready, or an error on timeout/cancel/poll failure.
Status WaitFor(int fd, short events, const Wait& wait, std::string_view what) {
  while (true) {
    if (wait.cancelled()) return Status::Error("cancelled");
    if (wait.expired()) return Status::Error(std::string("timed out ") + std::string(what));
    pollfd pfd{fd, events, 0};
    int rc = ::poll(&pfd, 1, wait.PollMillis());
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Status::Error(Errno("poll"));
    }
    if (rc > 0) return Status::Ok();  // readable, writable, or an error the next syscall reports
  }
}

bool SetNonBlocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Non-blocking connect, then waits for writability and reads SO_ERROR.
Status ConnectSocket(int fd, const sockaddr* addr, socklen_t len, const Wait& wait) {
  if (::connect(fd, addr, len) == 0) return Status::Ok();
  if (errno != EINPROGRESS && errno != EAGAIN && errno != EINTR)
    return Status::Error(Errno("connect"));
  Status st = WaitFor(fd, POLLOUT, wait, "connecting");
  if (!st.ok()) return st;
  int err = 0;
  socklen_t err_len = sizeof(err);
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0)
    return Status::Error(Errno("getsockopt"));
  if (err != 0) return Status::Error(std::string("connect: ") + std::strerror(err));
  return Status::Ok();
}

Result<Fd> ConnectUnix(const std::string& path, const Wait& wait) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) return Result<Fd>::Error("unix socket path too long");
  std::memcpy(addr.sun_path, path.data(), path.size());
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0 || !SetNonBlocking(fd.get())) return Result<Fd>::Error(Errno("socket"));
  Status st = ConnectSocket(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr), wait);
  if (!st.ok()) return Result<Fd>::Error(path + ": " + st.message());
  return fd;
}

Result<Fd> ConnectTcp(const std::string& host, int port, const Wait& wait) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) return Result<Fd>::Error("resolve " + host + ": " + ::gai_strerror(rc));
  std::string last_error = "no addresses";
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Fd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (fd.get() < 0 || !SetNonBlocking(fd.get())) {
      last_error = Errno("socket");
      continue;
    }
    Status st = ConnectSocket(fd.get(), ai->ai_addr, ai->ai_addrlen, wait);
    if (st.ok()) {
      int one = 1;
      ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      ::freeaddrinfo(list);
      return fd;
    }
    last_error = st.message();
    if (wait.cancelled() || wait.expired()) break;
  }
  ::freeaddrinfo(list);
  return Result<Fd>::Error(host + ":" + service + ": " + last_error);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool HasHeader(const std::map<std::string, std::string>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& kv) { return EqualsIgnoreCase(kv.first, name); });
}

bool MethodHasBody(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "DELETE" && method != "OPTIONS";
}

bool HasCrlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

Result<std::string> BuildRequest(const HttpTarget& target, const HttpRequest& request) {
  if (request.method.empty() || HasCrlf(request.method) ||
      request.method.find(' ') != std::string::npos) {
    return Result<std::string>::Error("invalid HTTP method");
  }
  if (request.target.empty() || HasCrlf(request.target) ||
      request.target.find(' ') != std::string::npos) {
    return Result<std::string>::Error("invalid request target");
  }
  std::string out;
  out.reserve(256 + request.body.size());
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  if (!HasHeader(request.headers, "host")) {
    // dockerd and podman accept any Host on their unix sockets.
    out.append("Host: ");
    if (!target.unix_socket.empty()) {
      out.append("localhost");
    } else {
      bool v6 = target.host.find(':') != std::string::npos;
      out.append(v6 ? "[" + target.host + "]" : target.host);
      if (target.port != (target.tls ? 443 : 80))
        out.append(":").append(std::to_string(target.port));
    }
    out.append("\r\n");
  }
  for (const auto& [name, value] : request.headers) {
    if (HasCrlf(name) || HasCrlf(value))
      return Result<std::string>::Error("invalid header " + name);
    // We frame the body and close the connection ourselves.
    if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "connection")) continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!request.body.empty() || MethodHasBody(request.method)) {
    out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  out.append("Connection: close\r\n\r\n");
  out.append(request.body);
  return out;
}

// A connected socket, with a TLS session on top for https:// targets.
class Connection {
 public:
  Connection(Fd fd, SslPtr ssl, bool client_cert_offered = false)
      : fd_(std::move(fd)), ssl_(std::move(ssl)), client_cert_offered_(client_cert_offered) {}

  Status Write(std::string_view data, const Wait& wait) {
    while (!data.empty()) {
      if (ssl_) {
        size_t written = 0;
        int rc = SSL_write_ex(ssl_.get(), data.data(), data.size(), &written);
        if (rc == 1) {
          data.remove_prefix(written);
          continue;
        }
        Status st = WaitForTls(rc, "sending the request", wait);
        if (!st.ok()) return st;
        continue;
      }
      ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return Status::Error(Errno("send"));
      Status st = WaitFor(fd_.get(), POLLOUT, wait, "sending the request");
      if (!st.ok()) return st;
    }
    return Status::Ok();
  }

  // Bytes read into buf; 0 when the peer closed.
  Result<size_t> Read(char* buf, size_t size, const Wait& wait) {
    while (true) {
      if (ssl_) {
        size_t got = 0;
        int rc = SSL_read_ex(ssl_.get(), buf, size, &got);
        if (rc == 1) return got;
        int err = SSL_get_error(ssl_.get(), rc);
        // Servers that answer `Connection: close` often skip close_notify: treat as end of data.
        if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
          ERR_clear_error();
          return size_t{0};
        }
        Status st = WaitForTls(rc, "waiting for the response", wait);
        if (!st.ok()) return st;
        continue;
      }
      ssize_t n = ::recv(fd_.get(), buf, size, 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return Status::Error(Errno("recv"));
      Status st = WaitFor(fd_.get(), POLLIN, wait, "waiting for the response");
      if (!st.ok()) return st;
    }
  }

 private:
  // After an SSL call returned rc <= 0: waits for the direction it asks for, or fails.
  Status WaitForTls(int rc, std::string_view what, const Wait& wait) {
    int err = SSL_get_error(ssl_.get(), rc);
    if (err == SSL_ERROR_WANT_READ) return WaitFor(fd_.get(), POLLIN, wait, what);
    if (err == SSL_ERROR_WANT_WRITE) return WaitFor(fd_.get(), POLLOUT, wait, what);
    const bool reset = err == SSL_ERROR_SYSCALL && errno == ECONNRESET;
    std::string text = "TLS: " + TlsErrorText(err);
    // TLS 1.3 servers check the client certificate after the client finished its handshake; one
    // that requires it often resets the connection before its alert can be read.
    if (reset && !client_cert_offered_) {
      text += " (no client certificate was offered; the peer may require one)";
    }
    return Status::Error(text);
  }

  Fd fd_;
  SslPtr ssl_;
  bool client_cert_offered_;
};

// Reads until the parser is done, stopped by its sink, or the peer closes.
Status ReadResponse(Connection& conn, HttpResponseParser& parser, const Wait& wait) {
  char buf[64 * 1024];
  while (!parser.done() && !parser.stopped()) {
    auto n = conn.Read(buf, sizeof(buf), wait);
    if (!n.ok()) return n.status();
    if (*n == 0) return parser.Finish();
    Status st = parser.Feed(std::string_view(buf, *n));
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Result<Connection> Connect(const HttpTarget& target, const Wait& wait) {
  Result<Fd> fd = !target.unix_socket.empty() ? ConnectUnix(target.unix_socket, wait)
                  : target.host.empty()       ? Result<Fd>::Error("no host to connect to")
                                              : ConnectTcp(target.host, target.port, wait);
  if (!fd.ok()) return fd.status();
  if (!target.tls || !target.unix_socket.empty()) return Connection(std::move(fd.value()), nullptr);
  const int raw_fd = fd->get();
  auto ssl = TlsClientHandshake(target, raw_fd, [&](short events) {
    return WaitFor(raw_fd, events, wait, "in the TLS handshake");
  });
  if (!ssl.ok()) return ssl.status();
  return Connection(std::move(fd.value()), std::move(ssl.value()), !target.tls_cert_file.empty());
}

bool ParsePort(std::string_view text, int& port) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && ptr == text.data() + text.size() && port > 0 && port < 65536;
}

}  // namespace

Result<HttpTarget> HttpTarget::Parse(std::string_view url) {
  HttpTarget target;
  if (url.substr(0, 7) == "unix://") {
    target.unix_socket = std::string(url.substr(7));
    if (target.unix_socket.empty() || target.unix_socket[0] != '/') {
      return Result<HttpTarget>::Error("bad unix socket url: " + std::string(url));
    }
    return target;
  }
  if (url.substr(0, 7) == "http://") {
    url.remove_prefix(7);
  } else if (url.substr(0, 8) == "https://") {
    url.remove_prefix(8);
    target.tls = true;
    target.port = 443;
  } else if (url.find("://") != std::string_view::npos) {
    return Result<HttpTarget>::Error("unsupported url scheme: " + std::string(url));
  }
  url = url.substr(0, url.find('/'));  // a trailing path ("http://h:1/") is ignored
  std::string_view host = url;
  std::string_view port;
  if (!url.empty() && url.front() == '[') {  // [v6]:port
    size_t close = url.find(']');
    if (close == std::string_view::npos)
      return Result<HttpTarget>::Error("bad url: " + std::string(url));
    host = url.substr(1, close - 1);
    std::string_view rest = url.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Result<HttpTarget>::Error("bad url: " + std::string(url));
      port = rest.substr(1);
      if (port.empty()) return Result<HttpTarget>::Error("bad port in url: " + std::string(url));
    }
  } else if (size_t colon = url.rfind(':'); colon != std::string_view::npos) {
    host = url.substr(0, colon);
    port = url.substr(colon + 1);
    if (port.empty()) return Result<HttpTarget>::Error("bad port in url: " + std::string(url));
  }
  if (host.empty()) return Result<HttpTarget>::Error("no host in url: " + std::string(url));
  target.host = std::string(host);
  if (!port.empty() && !ParsePort(port, target.port)) {
    return Result<HttpTarget>::Error("bad port in url: " + std::string(url));
  }
  return target;
}

std::string HttpTarget::ToString() const {
  if (!unix_socket.empty()) return "unix://" + unix_socket;
  bool v6 = host.find(':') != std::string::npos;
  return (tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

Result<HttpResponse> HttpClient::Send(const HttpTarget& target, const HttpRequest& request,
                                      std::chrono::milliseconds timeout,
                                      const std::atomic<bool>* cancel) {
  Wait wait{Clock::now() + timeout, cancel};
  auto wire = BuildRequest(target, request);
  if (!wire.ok()) return wire.status();
  auto conn = Connect(target, wait);
  if (!conn.ok()) return conn.status();
  Status st = conn.value().Write(*wire, wait);
  if (!st.ok()) return Result<HttpResponse>::Error(target.ToString() + ": " + st.message());

  HttpResponseParser parser(request.method == "HEAD");
  std::string body;
  bool too_large = false;
  parser.set_sink([&](std::string_view bytes) {
    if (body.size() + bytes.size() > kMaxSendBody) {
      too_large = true;
      return false;
    }
    body.append(bytes);
    return true;
  });
  st = ReadResponse(conn.value(), parser, wait);
  if (too_large)
    return Result<HttpResponse>::Error(target.ToString() + ": response body too large");
  if (!st.ok()) return Result<HttpResponse>::Error(target.ToString() + ": " + st.message());
  HttpResponse response = parser.head();
  response.body = std::move(body);
  return response;
}

// Non-2xx answers are collected into the returned body (bounded) instead of going to on_data,
// so a caller of e.g. docker's logs endpoint gets the error text rather than a stream.
Result<HttpResponse> HttpClient::Stream(const HttpTarget& target, const HttpRequest& request,
                                        std::chrono::milliseconds connect_timeout,
                                        const std::function<bool(std::string_view)>& on_data,
                                        const std::atomic<bool>* cancel) {
  Wait connect_wait{Clock::now() + connect_timeout, cancel};
  auto wire = BuildRequest(target, request);
  if (!wire.ok()) return wire.status();
  auto conn = Connect(target, connect_wait);
  if (!conn.ok()) return conn.status();
  Status st = conn.value().Write(*wire, connect_wait);
  if (!st.ok()) return Result<HttpResponse>::Error(target.ToString() + ": " + st.message());

  Wait stream_wait{std::nullopt, cancel};  // a stream may be silent for long; only cancel ends it
  HttpResponseParser parser(request.method == "HEAD");
  std::string error_body;
  parser.set_sink([&](std::string_view bytes) {
    int status = parser.head().status;
    if (status >= 200 && status < 300) return on_data ? on_data(bytes) : true;
    size_t room = kMaxStreamErrorBody - std::min(kMaxStreamErrorBody, error_body.size());
    error_body.append(bytes.substr(0, room));
    return error_body.size() < kMaxStreamErrorBody;
  });
  st = ReadResponse(conn.value(), parser, stream_wait);
  if (!parser.head_done()) {
    return Result<HttpResponse>::Error(target.ToString() + ": " +
                                       (st.ok() ? "no response" : st.message()));
  }
  // Cancelled after the head arrived is a normal end of a stream.
  if (!st.ok() && st.message() != "cancelled") {
    return Result<HttpResponse>::Error(target.ToString() + ": " + st.message());
  }
  HttpResponse response = parser.head();
  response.body = std::move(error_body);
  return response;
}

}  // namespace drove::core
