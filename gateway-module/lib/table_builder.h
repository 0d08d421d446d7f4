// Turns the leader's endpoints snapshot into the gateway's routing table (filters vhosts, merges the
// apps that share a vhost, groups members by routing tag, attaches resolved addresses).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gateway-module/lib/routing_table.h"
#include "orchestrator/core/discovery/endpoints_snapshot.h"
#include "orchestrator/core/discovery/host_resolver.h"

namespace drove::gateway {

struct BuildResult {
  RoutingTable table;
  std::vector<std::string> unresolved;  // hostnames left out: no address known
};

// Every executor hostname the snapshot's accepted vhosts use (what to resolve).
std::vector<std::string> HostsToResolve(const discovery::EndpointsSnapshot& snapshot,
                                        const VhostFilter& filter);

// Only HTTP ports are routed (the module proxies plain HTTP); a host with several addresses yields
// its first IPv4 (else first IPv6) address.
BuildResult BuildRoutingTable(const discovery::EndpointsSnapshot& snapshot,
                              const std::map<std::string, discovery::HostAddresses>& addresses,
                              const VhostFilter& filter);

}  // namespace drove::gateway
