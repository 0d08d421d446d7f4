// UDP serving: one SO_REUSEPORT socket per thread per listen address, recvmmsg/sendmmsg batches.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "dns-server/config/socket_address.h"
#include "dns-server/forward/forwarder.h"
#include "dns-server/index/zone_set.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

class UdpServer {
 public:
  // `forwarder` may be null (REFUSED outside the zone).
  UdpServer(const ZoneSet* zones, Metrics* metrics, Forwarder* forwarder)
      : zones_(zones), metrics_(metrics), forwarder_(forwarder) {}
  ~UdpServer();  // Stop()s

  // Binds `threads` sockets on `address` (port 0: the first socket picks one, the rest share it).
  core::Status Listen(const SocketAddress& address, int threads);
  void Start();
  void Stop();

 private:
  void Serve(int fd, QueryCounters* counters);

  const ZoneSet* zones_;
  Metrics* metrics_;
  Forwarder* forwarder_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
};

}  // namespace drove::dns
