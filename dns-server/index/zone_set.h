// The zones drove-dns serves, one per followed cluster, and which one answers a name.
//
// Owner: the list (names, zones, order) is fixed at startup; each cluster's IndexHolder and
// SyncCounters are written only by that cluster's follower thread (IndexUpdater) and read by the
// serving threads and /metrics. A cluster's index never changes because of another cluster.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns-server/index/index_holder.h"

namespace drove::dns {

struct SyncCounters {
  std::atomic<uint64_t> syncs{0};   // index swaps
  std::atomic<uint64_t> errors{0};  // failed syncs (the last good index stays)
};

// One followed cluster: its name (logs, metrics, /health) and its current index.
struct ClusterZone {
  ClusterZone(std::string cluster_name, Name zone, uint16_t edns_udp_size)
      : name(std::move(cluster_name)),
        index(std::make_shared<const Index>(std::move(zone), edns_udp_size)) {}

  const std::string name;
  IndexHolder index;
  SyncCounters sync;
};

class ZoneSet {
 public:
  struct Zone {
    std::string cluster;
    Name zone;  // lowercased
  };
  // `named`: the clusters come from `clusters:` (metrics then carry a cluster label).
  ZoneSet(const std::vector<Zone>& zones, uint16_t edns_udp_size, bool named);

  size_t size() const { return clusters_.size(); }
  bool named() const { return named_; }
  uint16_t edns_udp_size() const { return edns_udp_size_; }
  // In the order given (the config's order).
  ClusterZone& cluster(size_t i) { return *clusters_[i]; }
  const ClusterZone& cluster(size_t i) const { return *clusters_[i]; }

  // The current indexes for one batch of queries: `held` keeps them alive, `view` lists them
  // longest zone first (what RouteByZone expects). Both are cleared first.
  void Load(std::vector<std::shared_ptr<const Index>>* held, std::vector<const Index*>* view) const;
  // True when every cluster has had its first sync.
  bool AllReady() const;

 private:
  std::vector<std::unique_ptr<ClusterZone>> clusters_;
  std::vector<const ClusterZone*> by_zone_length_;  // longest zone first
  uint16_t edns_udp_size_;
  bool named_;
};

// The index whose zone is the longest suffix of the lowercased wire name, or null when the name is
// outside every zone. `indexes` are ordered longest zone first.
const Index* RouteByZone(std::span<const Index* const> indexes, std::string_view lowercase_wire);

}  // namespace drove::dns
