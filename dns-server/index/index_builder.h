// Builds an Index from one endpoints snapshot plus the configured zone data (SOA, NS, gateway).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index.h"
#include "orchestrator/core/discovery/host_resolver.h"
#include "orchestrator/core/model/summaries.h"

namespace drove::dns {

struct IndexInput {
  int64_t generation = 0;
  int64_t synced_at_ms = 0;
  std::vector<core::ExposedAppInfo> apps;
  // Executor hostname → its addresses (glue, and vhost A/AAAA when no gateway is configured).
  std::map<std::string, discovery::HostAddresses> host_addresses;
};

struct BuildResult {
  std::shared_ptr<const Index> index;
  size_t vhosts = 0;
  size_t instances = 0;              // distinct (vhost, host, port, port type and name)
  size_t reused = 0;                 // entries taken from the previous index
  std::vector<std::string> skipped;  // one reason per vhost or host left out (for the log)
};

// `previous` (may be null): entries whose records did not change are taken from it as they are.
BuildResult BuildIndex(const DnsConfig& config, const IndexInput& input,
                       const Index* previous = nullptr);

// The service labels of an exposed port type: "_http._tcp", "_https._tcp", "_tcp._tcp", "_udp._udp"
// (a stock Drove controller sends the port's type only; ours adds its name, served as well).
std::string ServiceLabels(core::PortType type);

}  // namespace drove::dns
