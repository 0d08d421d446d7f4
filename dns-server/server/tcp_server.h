// DNS over TCP (RFC 7766): 2-byte length-prefixed queries, pipelined, on one epoll thread, with an
// idle timeout and a connection limit. Answers are never truncated here.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "dns-server/config/socket_address.h"
#include "dns-server/forward/forwarder.h"
#include "dns-server/index/zone_set.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

struct TcpOptions {
  std::chrono::milliseconds idle_timeout{10000};
  int max_connections = 256;
};

class TcpServer {
 public:
  TcpServer(const ZoneSet* zones, Metrics* metrics, Forwarder* forwarder, TcpOptions options);
  ~TcpServer();  // Stop()s

  core::Status Listen(const SocketAddress& address);
  core::Status Start();
  void Stop();

 private:
  struct Connection {
    int fd = -1;
    uint64_t id = 0;
    std::vector<uint8_t> in;
    std::vector<uint8_t> out;
    std::chrono::steady_clock::time_point last_active;
  };

  void Run();
  void Accept(int listen_fd);
  void OnReadable(Connection& conn);
  void Flush(Connection& conn);
  void Close(uint64_t id);
  void SweepIdle();
  void DeliverForwarded();
  // Answers one framed query; true when the connection should stay open.
  bool HandleQuery(Connection& conn, std::span<const uint8_t> packet);

  const ZoneSet* zones_;
  Metrics* metrics_;
  Forwarder* forwarder_;
  TcpOptions options_;
  QueryCounters* counters_ = nullptr;
  std::vector<int> listen_fds_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::vector<std::shared_ptr<const Index>> held_;  // the current query's indexes (loop thread)
  std::vector<const Index*> view_;
  std::map<uint64_t, Connection> connections_;  // owned by the loop thread
  std::map<int, uint64_t> by_fd_;
  uint64_t next_id_ = 1;
  std::mutex forwarded_mu_;
  std::deque<std::pair<uint64_t, std::vector<uint8_t>>> forwarded_;  // guarded by forwarded_mu_
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace drove::dns
