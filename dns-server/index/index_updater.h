// Turns each endpoints snapshot from the follower into a new Index and swaps it in; counts and
// logs syncs and sync errors. Runs on the follower's thread (host lookups may block it, never a
// serving thread).
#pragma once

#include <optional>
#include <string>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index_builder.h"
#include "dns-server/index/index_holder.h"
#include "dns-server/metrics/metrics.h"
#include "orchestrator/core/discovery/endpoints_snapshot.h"
#include "orchestrator/core/discovery/host_resolver.h"

namespace drove::dns {

class IndexUpdater {
 public:
  IndexUpdater(const DnsConfig* config, IndexHolder* holder, Metrics* metrics,
               discovery::HostResolver* resolver)
      : config_(config), holder_(holder), metrics_(metrics), resolver_(resolver) {}

  void OnSnapshot(const discovery::EndpointsSnapshot& snapshot);
  void OnError(const std::string& error);

 private:
  std::optional<BuildResult> Delta(const IndexInput& input, const Index& previous) const;

  const DnsConfig* config_;
  IndexHolder* holder_;
  Metrics* metrics_;
  discovery::HostResolver* resolver_;
  std::optional<IndexInput> last_input_;  // what the index in the holder was built from
};

}  // namespace drove::dns
