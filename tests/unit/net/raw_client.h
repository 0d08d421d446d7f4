// Test helper: send raw bytes to a TCP port and read what comes back until close or timeout.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <string_view>

namespace drove::test {

// Connects to 127.0.0.1:port; returns the fd (or -1).
inline int RawConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the peer closes or `timeout_ms` passes without data.
inline std::string RawReadAll(int fd, int timeout_ms) {
  std::string out;
  char buf[4096];
  while (true) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Reads until `marker` has arrived, the peer closes, or `timeout_ms` passes.
inline std::string RawReadUntil(int fd, std::string_view marker, int timeout_ms) {
  std::string out;
  char buf[4096];
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out.find(marker) == std::string::npos && std::chrono::steady_clock::now() < until) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// One exchange on a fresh connection: send, then read until close/timeout.
inline std::string RawExchange(int port, const std::string& bytes, int timeout_ms = 1000) {
  int fd = RawConnect(port);
  if (fd < 0) return "";
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string out = RawReadAll(fd, timeout_ms);
  ::close(fd);
  return out;
}

}  // namespace drove::test
