// The status (JSON) and metrics (Prometheus text) bodies, from plain data the nginx side copies out of
// the shared zone. Shapes documented in gateway-module/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gateway-module/lib/cluster_merge.h"
#include "gateway-module/lib/worker_view.h"

namespace drove::gateway {

enum class Source { kNone = 0, kDump = 1, kController = 2 };

// One cluster's follower, as its slot in the shared zone records it.
struct SyncInfo {
  int64_t generation = 0;
  Source source = Source::kNone;
  std::string leader;
  int64_t last_sync_ms = 0;
  std::string last_error;
  int64_t last_error_ms = 0;
  uint64_t sync_count = 0;
  uint64_t sync_errors = 0;
};

struct ClusterStatus {
  ClusterSpec spec;
  SyncInfo sync;
};

// What the workers route with: the table's version in the zone and the requests it could not route.
struct RoutingInfo {
  uint64_t version = 0;
  uint64_t unrouted = 0;
};

struct VhostCounters {
  std::string vhost;
  uint64_t requests = 0;
  uint64_t failures = 0;
};

// `view` may be null (nothing published yet); `clusters` is never empty. The status's top-level
// sync fields are the first cluster's (what a single-cluster gateway always showed).
std::string StatusJson(const std::vector<ClusterStatus>& clusters, const RoutingInfo& routing,
                       const View* view, int64_t worker_pid, int64_t now_s,
                       const PickPolicy& policy);
std::string MetricsText(const std::vector<ClusterStatus>& clusters, const RoutingInfo& routing,
                        const std::vector<VhostCounters>& counters, const View* view);

}  // namespace drove::gateway
