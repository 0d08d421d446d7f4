// The TCP loop: accept (or refuse at the limit), frame, answer, write back, sweep idle connections.
#include "orchestrator/core/util/guarded_thread.h"
#include "dns-server/server/tcp_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dns-server/codec/writer.h"
#include "dns-server/server/answer.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

constexpr size_t kMaxPendingOutput = 1 << 20;  // a client that never reads is cut off
constexpr int kSweepMillis = 100;

void AppendFramed(const std::vector<uint8_t>& message, std::vector<uint8_t>* out) {
  out->push_back(static_cast<uint8_t>(message.size() >> 8));
  out->push_back(static_cast<uint8_t>(message.size()));
  out->insert(out->end(), message.begin(), message.end());
}

}  // namespace

TcpServer::TcpServer(const ZoneSet* zones, Metrics* metrics, Forwarder* forwarder,
                     TcpOptions options)
    : zones_(zones), metrics_(metrics), forwarder_(forwarder), options_(options) {}

TcpServer::~TcpServer() { Stop(); }

core::Status TcpServer::Listen(const SocketAddress& address) {
  int fd = socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return core::Status::Error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (address.family() == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  if (bind(fd, address.get(), address.length) != 0 || listen(fd, 128) != 0) {
    std::string error = std::strerror(errno);
    close(fd);
    return core::Status::Error("listen tcp " + address.ToText() + ": " + error);
  }
  listen_fds_.push_back(fd);
  DLOG_INFO("listening", {{"proto", "tcp"}, {"address", address.ToText()}});
  return core::Status::Ok();
}

core::Status TcpServer::Start() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) return core::Status::Error("epoll/eventfd failed");
  for (int fd : listen_fds_) {
    epoll_event event{EPOLLIN, {.fd = fd}};
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
  }
  epoll_event wake{EPOLLIN, {.fd = wake_fd_}};
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  counters_ = metrics_->NewCounters();
  thread_ = core::StartGuardedThread("dns-tcp", [this] { Run(); }, [this] { return !stop_; });
  return core::Status::Ok();
}

void TcpServer::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  for (auto& [id, conn] : connections_) close(conn.fd);
  connections_.clear();
  by_fd_.clear();
  for (int fd : listen_fds_) close(fd);
  listen_fds_.clear();
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
  epoll_fd_ = wake_fd_ = -1;
}

void TcpServer::Run() {
  std::array<epoll_event, 64> events{};
  auto last_sweep = std::chrono::steady_clock::now();
  while (!stop_.load()) {
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), kSweepMillis);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        uint64_t count = 0;
        if (read(wake_fd_, &count, sizeof(count)) >= 0) DeliverForwarded();
        continue;
      }
      if (std::find(listen_fds_.begin(), listen_fds_.end(), fd) != listen_fds_.end()) {
        Accept(fd);
        continue;
      }
      auto it = by_fd_.find(fd);
      if (it == by_fd_.end()) continue;
      uint64_t id = it->second;
      Connection& conn = connections_.at(id);
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) OnReadable(conn);
      if (connections_.count(id) && (events[i].events & EPOLLOUT)) Flush(connections_.at(id));
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_sweep >= std::chrono::milliseconds(kSweepMillis)) {
      SweepIdle();
      last_sweep = now;
    }
  }
}

void TcpServer::Accept(int listen_fd) {
  for (;;) {
    int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (static_cast<int>(connections_.size()) >= options_.max_connections) {
      close(fd);
      metrics_->tcp_refused.fetch_add(1);
      DLOG_WARN("tcp connection refused", {{"reason", "connection limit"},
                                           {"limit", std::to_string(options_.max_connections)}});
      continue;
    }
    Connection conn;
    conn.fd = fd;
    conn.id = next_id_++;
    conn.last_active = std::chrono::steady_clock::now();
    epoll_event event{EPOLLIN, {.fd = fd}};
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    by_fd_[fd] = conn.id;
    connections_.emplace(conn.id, std::move(conn));
    metrics_->tcp_connections.store(static_cast<int64_t>(connections_.size()));
  }
}

void TcpServer::OnReadable(Connection& conn) {
  uint8_t buffer[16384];
  uint64_t id = conn.id;
  for (;;) {
    ssize_t n = read(conn.fd, buffer, sizeof(buffer));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      Close(id);
      return;
    }
    if (n < 0) break;
    conn.in.insert(conn.in.end(), buffer, buffer + n);
    conn.last_active = std::chrono::steady_clock::now();
  }
  size_t pos = 0;
  while (conn.in.size() - pos >= 2) {
    size_t length = (size_t{conn.in[pos]} << 8) | conn.in[pos + 1];
    if (conn.in.size() - pos - 2 < length) break;
    if (!HandleQuery(conn, std::span<const uint8_t>(conn.in.data() + pos + 2, length))) {
      Close(id);
      return;
    }
    pos += 2 + length;
  }
  conn.in.erase(conn.in.begin(), conn.in.begin() + static_cast<long>(pos));
  Flush(conn);
}

bool TcpServer::HandleQuery(Connection& conn, std::span<const uint8_t> packet) {
  zones_->Load(&held_, &view_);
  std::vector<uint8_t> reply;
  AnswerResult result = AnswerQuery(view_, packet, Transport::kTcp, forwarder_ != nullptr, &reply);
  held_.clear();  // the reply is a copy: an index swapped out meanwhile need not outlive it
  if (result.action == AnswerResult::Action::kDrop) {
    QueryCounters::Bump(counters_->dropped);
    return false;  // not a query: the stream cannot be trusted any more
  }
  if (result.action == AnswerResult::Action::kForward) {
    QueryCounters::Bump(counters_->forwarded);
    if (!forwarder_->FromCache(packet, kTcpLimit, &reply)) {
      uint64_t id = conn.id;
      forwarder_->Forward(packet, kTcpLimit, [this, id](std::vector<uint8_t> answer) {
        {
          std::lock_guard lock(forwarded_mu_);
          forwarded_.emplace_back(id, std::move(answer));
        }
        uint64_t one = 1;
        if (write(wake_fd_, &one, sizeof(one)) < 0) DLOG_WARN("tcp wake failed");
      });
      return true;
    }
  } else {
    counters_->CountQuery(result.qtype, result.rcode);
  }
  AppendFramed(reply, &conn.out);
  return conn.out.size() <= kMaxPendingOutput;
}

void TcpServer::DeliverForwarded() {
  std::deque<std::pair<uint64_t, std::vector<uint8_t>>> batch;
  {
    std::lock_guard lock(forwarded_mu_);
    batch.swap(forwarded_);
  }
  for (auto& [id, answer] : batch) {
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;  // the client left meanwhile
    AppendFramed(answer, &it->second.out);
    Flush(it->second);
  }
}

void TcpServer::Flush(Connection& conn) {
  while (!conn.out.empty()) {
    ssize_t n = write(conn.fd, conn.out.data(), conn.out.size());
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n <= 0) {
      Close(conn.id);
      return;
    }
    conn.out.erase(conn.out.begin(), conn.out.begin() + n);
  }
  uint32_t mask = EPOLLIN;
  if (!conn.out.empty()) mask |= EPOLLOUT;
  epoll_event event{mask, {.fd = conn.fd}};
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn.fd, &event);
}

void TcpServer::Close(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second.fd, nullptr);
  close(it->second.fd);
  by_fd_.erase(it->second.fd);
  connections_.erase(it);
  metrics_->tcp_connections.store(static_cast<int64_t>(connections_.size()));
}

void TcpServer::SweepIdle() {
  auto now = std::chrono::steady_clock::now();
  std::vector<uint64_t> idle;
  for (const auto& [id, conn] : connections_) {
    if (now - conn.last_active >= options_.idle_timeout) idle.push_back(id);
  }
  for (uint64_t id : idle) {
    DLOG_DEBUG("tcp connection closed", {{"reason", "idle timeout"}});
    Close(id);
  }
}

}  // namespace drove::dns
