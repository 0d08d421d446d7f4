// Test helper: a one-connection raw socket server (TCP or unix) that replies with scripted bytes.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace drove::test {

// A TCP socket listening on 127.0.0.1 with a free port (written to *port).
inline int ListenOnLoopback(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  ::listen(fd, 8);
  return fd;
}

class RawServer {
 public:
  struct Piece {
    std::string bytes;
    int delay_ms = 0;  // sleep before sending these bytes
  };

  // Listens on 127.0.0.1 with a free port, or on `unix_path` when given.
  explicit RawServer(std::vector<Piece> pieces, bool hold_open = false, std::string unix_path = "")
      : pieces_(std::move(pieces)), hold_open_(hold_open), unix_path_(std::move(unix_path)) {
    if (unix_path_.empty()) {
      listen_fd_ = ListenOnLoopback(&port_);
    } else {
      ::unlink(unix_path_.c_str());
      listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::strncpy(addr.sun_path, unix_path_.c_str(), sizeof(addr.sun_path) - 1);
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
      ::listen(listen_fd_, 4);
    }
    thread_ = std::thread([this] { Serve(); });
  }

  ~RawServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
  }

  int port() const { return port_; }
  // What the client sent (head and whatever body arrived with it).
  std::string request() const {
    std::lock_guard lock(mutex_);
    return request_;
  }
  bool client_closed() const { return client_closed_; }

 private:
  // Waits for `fd` to be readable, giving up when the server is stopping.
  bool WaitReadable(int fd) {
    while (!stop_) {
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, 50) > 0) return true;
    }
    return false;
  }

  void Serve() {
    if (!WaitReadable(listen_fd_)) return;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    char buf[4096];
    std::string got;
    while (got.find("\r\n\r\n") == std::string::npos && WaitReadable(fd)) {
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard lock(mutex_);
      request_ = got;
    }
    for (const auto& piece : pieces_) {
      if (piece.delay_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(piece.delay_ms));
      if (::send(fd, piece.bytes.data(), piece.bytes.size(), MSG_NOSIGNAL) < 0) break;
    }
    if (hold_open_) {
      // Until the client hangs up (or the test ends), keep the connection open and silent.
      while (WaitReadable(fd)) {
        ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) {
          client_closed_ = true;
          break;
        }
      }
    }
    ::close(fd);
  }

  std::vector<Piece> pieces_;
  bool hold_open_;
  std::string unix_path_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> client_closed_{false};
  mutable std::mutex mutex_;
  std::string request_;
  std::thread thread_;
};

}  // namespace drove::test
