// Test helpers for the HTTP edge: a server on a background loop, and a client connection that
// speaks raw bytes (plain or TLS through OpenSSL) from a chosen loopback address, reads responses
// by their Content-Length and tells when the server has closed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "orchestrator/core/net/http_server.h"

namespace drove::test {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// An HttpServer on 127.0.0.1:<free port> whose loop runs on a thread once Start() is called.
struct TestServer {
  explicit TestServer(core::HttpServerOptions options = {})
      : server(std::make_unique<core::HttpServer>(loop, std::move(options))) {}
  ~TestServer() {
    loop.Stop();
    if (thread.joinable()) thread.join();
    server.reset();
  }
  core::Status Start() {
    core::Status bound = server->Bind("127.0.0.1", 0);
    if (bound.ok()) thread = std::thread([this] { loop.Run(); });
    return bound;
  }
  int port() const { return server->port(); }

  core::EventLoop loop;
  std::unique_ptr<core::HttpServer> server;
  std::thread thread;
};

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Polls `condition` until it holds or `timeout` passes.
template <typename Condition>
bool WaitFor(Condition condition, milliseconds timeout = milliseconds(3000)) {
  auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

class RawHttpConnection {
 public:
  // Connects from `source` (a loopback address) to 127.0.0.1:port; with `tls`, does the client
  // handshake too (connected() is false when it fails, tls_error() says why).
  RawHttpConnection(int port, const char* source = "127.0.0.1", SSL_CTX* tls = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
      Close();
      return;
    }
    if (tls != nullptr) Handshake(tls);
  }
  ~RawHttpConnection() { Close(); }
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  const std::string& tls_error() const { return tls_error_; }
  SSL* ssl() const { return ssl_; }

  bool Send(std::string_view bytes) {
    if (fd_ < 0) return false;
    if (ssl_ != nullptr) {
      return SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) ==
             static_cast<int>(bytes.size());
    }
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

  // One response, framed by its Content-Length (no body for HEAD, 1xx, 204, 304).
  std::optional<RawResponse> ReadResponse(milliseconds timeout = milliseconds(3000),
                                          bool head_only = false) {
    auto deadline = Clock::now() + timeout;
    size_t end = 0;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
    }
    RawResponse response = ParseHead(buffer_.substr(0, end));
    buffer_.erase(0, end + 4);
    bool no_body =
        head_only || response.status < 200 || response.status == 204 || response.status == 304;
    size_t length = no_body ? 0 : std::stoul("0" + response.Header("content-length"));
    while (buffer_.size() < length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True once the server closes the connection (EOF or reset) within `timeout`.
  bool WaitClosed(milliseconds timeout = milliseconds(3000)) {
    auto deadline = Clock::now() + timeout;
    while (!closed_ && Clock::now() < deadline) Fill(deadline);
    return closed_;
  }

  // Bytes received and not yet read as a response.
  const std::string& pending() const { return buffer_; }

  void Close() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    ssl_ = nullptr;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  void Handshake(SSL_CTX* tls) {
    SetTimeout(milliseconds(3000));
    ssl_ = SSL_new(tls);
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, "localhost");
    SSL_set1_host(ssl_, "localhost");
    if (SSL_connect(ssl_) != 1) {
      unsigned long code = ERR_get_error();
      char text[256] = "handshake failed";
      if (code != 0) ERR_error_string_n(code, text, sizeof(text));
      tls_error_ = text;
      ERR_clear_error();
      Close();
    }
  }

  void SetTimeout(milliseconds timeout) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1000;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }

  // Appends what arrives before `deadline`; false on timeout, close or error.
  bool Fill(Clock::time_point deadline) {
    if (fd_ < 0 || closed_) return false;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    SetTimeout(left);
    char chunk[16384];
    int n = 0;
    if (ssl_ != nullptr) {
      n = SSL_read(ssl_, chunk, sizeof(chunk));
      if (n <= 0) {
        int error = SSL_get_error(ssl_, n);
        ERR_clear_error();
        if (error != SSL_ERROR_WANT_READ) closed_ = true;
        return false;
      }
    } else {
      ssize_t got = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (got <= 0) {
        if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
          closed_ = true;
        }
        return false;
      }
      n = static_cast<int>(got);
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  static RawResponse ParseHead(const std::string& head) {
    RawResponse response;
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() >= 12) response.status = std::stoi(status_line.substr(9, 3));
    size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
      size_t next = head.find("\r\n", at);
      std::string line = head.substr(at, next == std::string::npos ? std::string::npos : next - at);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t value = line.find_first_not_of(' ', colon + 1);
        response.headers[name] = value == std::string::npos ? "" : line.substr(value);
      }
      if (next == std::string::npos) break;
      at = next + 2;
    }
    return response;
  }

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool closed_ = false;
  std::string buffer_;
  std::string tls_error_;
};

}  // namespace drove::test
