// UDP syslog forwarding of container output (see syslog_sink.h).
#include "orchestrator/executor/logs/syslog_sink.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>

namespace drove::executor {
namespace {

// A UDP socket connected to host:port, or why not.
core::Result<int> ConnectUdp(const std::string& server) {
  const size_t colon = server.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == server.size()) {
    return core::Status::Error("logging.server: must be host:port, got \"" + server + "\"");
  }
  std::string host = server.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), server.substr(colon + 1).c_str(), &hints, &found);
  if (rc != 0) {
    return core::Status::Error("logging.server: cannot resolve \"" + server +
                               "\": " + ::gai_strerror(rc));
  }
  int fd = ::socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  bool ok = fd >= 0 && ::connect(fd, found->ai_addr, found->ai_addrlen) == 0;
  ::freeaddrinfo(found);
  if (!ok) {
    if (fd >= 0) ::close(fd);
    return core::Status::Error("logging.server: cannot open UDP socket to \"" + server + "\"");
  }
  return fd;
}

std::string Timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char out[32];
  std::strftime(out, sizeof(out), "%b %e %H:%M:%S", &local);
  return out;
}

}  // namespace

core::Result<std::unique_ptr<SyslogSink>> SyslogSink::Open(const std::string& server,
                                                           std::string tag) {
  auto fd = ConnectUdp(server);
  if (!fd.ok()) return fd.status();
  char hostname[256] = "-";
  ::gethostname(hostname, sizeof(hostname) - 1);
  return std::unique_ptr<SyslogSink>(new SyslogSink(*fd, std::move(tag), hostname));
}

SyslogSink::SyslogSink(int fd, std::string tag, std::string hostname)
    : fd_(fd), tag_(std::move(tag)), hostname_(std::move(hostname)) {}

SyslogSink::~SyslogSink() {
  if (!partial_.empty()) SendLine(partial_);
  ::close(fd_);
}

bool SyslogSink::Write(std::string_view bytes) {
  bool ok = true;
  size_t start = 0;
  for (size_t nl = bytes.find('\n'); nl != std::string_view::npos; nl = bytes.find('\n', start)) {
    partial_.append(bytes.substr(start, nl - start));
    ok = SendLine(partial_) && ok;
    partial_.clear();
    start = nl + 1;
  }
  partial_.append(bytes.substr(start));
  return ok;
}

bool SyslogSink::SendLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::string message =
      "<14>" + Timestamp() + " " + hostname_ + " " + tag_ + ": " + std::string(line);
  // A lost datagram is lost: UDP syslog gives no delivery guarantee, as with Docker's driver.
  return ::send(fd_, message.data(), message.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(message.size());
}

}  // namespace drove::executor
