// Turns each endpoints snapshot from one cluster's follower into a new Index of that cluster's
// zone and swaps it in; counts and logs syncs and sync errors, with the cluster's name. Runs on
// the follower's thread (host lookups may block it, never a serving thread). Whatever a snapshot
// holds, only this cluster's index changes, and a snapshot that cannot be built is a sync error
// that keeps the last good index.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index_builder.h"
#include "dns-server/index/zone_set.h"
#include "orchestrator/core/discovery/endpoints_snapshot.h"
#include "orchestrator/core/discovery/host_resolver.h"

namespace drove::dns {

class IndexUpdater {
 public:
  // `config`: as the cluster sees it (ConfigForCluster).
  // Called after each swap with the input of the new index (the merged zone's feed).
  using SwapFn = std::function<void(std::shared_ptr<const IndexInput>)>;

  IndexUpdater(DnsConfig config, ClusterZone* cluster, discovery::HostResolver* resolver,
               SwapFn on_swap = nullptr)
      : config_(std::move(config)),
        cluster_(cluster),
        resolver_(resolver),
        on_swap_(std::move(on_swap)) {}

  void OnSnapshot(const discovery::EndpointsSnapshot& snapshot);
  void OnError(const std::string& error);

 private:
  void Apply(const discovery::EndpointsSnapshot& snapshot);
  std::optional<BuildResult> Delta(const IndexInput& input, const Index& previous) const;

  const DnsConfig config_;
  ClusterZone* cluster_;
  discovery::HostResolver* resolver_;
  SwapFn on_swap_;
  std::shared_ptr<const IndexInput> last_input_;  // what the index in the holder was built from
};

}  // namespace drove::dns
