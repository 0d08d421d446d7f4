// Forwards queries for names outside the zone to upstream resolvers with c-ares, and caches the
// answers for their smallest TTL.
//
// One named worker thread owns the c-ares channel (serving threads never block on upstreams);
// Forward() queues a query from any thread and `done` runs later on the worker thread with the
// packet to send: the upstream's answer with the client's id, a TC-only answer when it does not fit
// the client's limit, or SERVFAIL when every upstream failed.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "dns-server/config/dns_config.h"
#include "dns-server/forward/forward_cache.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

class Forwarder {
 public:
  using Done = std::function<void(std::vector<uint8_t> packet)>;

  Forwarder(ForwardConfig config, Metrics* metrics);
  ~Forwarder();  // Stop()s
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  core::Status Start();
  void Stop();

  // The cached answer for `query` (id and question case patched) when it fits `limit` bytes.
  bool FromCache(std::span<const uint8_t> query, size_t limit, std::vector<uint8_t>* out);
  // Queues the query; `done` runs on the worker thread (not at all after Stop()).
  void Forward(std::span<const uint8_t> query, size_t limit, Done done);

 private:
  struct Worker;
  ForwardConfig config_;
  Metrics* metrics_;
  ForwardCache cache_;
  std::unique_ptr<Worker> worker_;
};

}  // namespace drove::dns
