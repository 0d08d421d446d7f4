// drove-dns counters and their Prometheus text form.
//
// Each serving thread owns one QueryCounters block (registered once at startup) and bumps it with
// relaxed atomics, so threads never share a cache line on the hot path; /metrics sums the blocks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dns-server/codec/rcode.h"
#include "dns-server/index/zone_set.h"

namespace drove::dns {

inline constexpr size_t kTypeBuckets = 7;  // A AAAA SRV SOA NS ANY OTHER
inline constexpr size_t kRcodeBuckets =
    8;  // NOERROR FORMERR SERVFAIL NXDOMAIN NOTIMP REFUSED BADVERS OTHER

struct alignas(64) QueryCounters {
  std::array<std::array<std::atomic<uint64_t>, kRcodeBuckets>, kTypeBuckets> queries{};
  std::atomic<uint64_t> dropped{0};
  std::atomic<uint64_t> truncated{0};
  std::atomic<uint64_t> forwarded{0};

  void CountQuery(uint16_t qtype, Rcode rcode);
  static void Bump(std::atomic<uint64_t>& counter) {
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
};

class Metrics {
 public:
  // A counter block for one thread; stays valid as long as the Metrics.
  QueryCounters* NewCounters();

  std::atomic<uint64_t> forward_cache_hits{0};
  std::atomic<int64_t> tcp_connections{0};
  std::atomic<uint64_t> tcp_refused{0};

  // The Prometheus exposition text; `zones` give the sync counters, generation, names and data
  // age of each cluster, labelled cluster="NAME" when the clusters are named in the config
  // (without `clusters:` the lines stay unlabelled, as before there were several).
  std::string Render(const ZoneSet& zones, int64_t now_ms) const;
  // Sum of queries with this type name ("SRV") and rcode name ("NOERROR"), for tests.
  uint64_t QueryCount(const std::string& type, const std::string& rcode) const;

 private:
  mutable std::mutex mu_;  // guards blocks_ (the list, not the counters)
  std::vector<std::unique_ptr<QueryCounters>> blocks_;
};

}  // namespace drove::dns
