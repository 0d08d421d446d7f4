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
  std::vector<std::string> unresolved;        // hostnames left out: no address known
  std::vector<std::string> unresolved_vhosts;  // vhosts that lost a member that way
};

// Every executor hostname the snapshot's accepted vhosts use (what to resolve).
std::vector<std::string> HostsToResolve(const discovery::EndpointsSnapshot& snapshot,
                                        const VhostFilter& filter);

// Only HTTP ports are routed (the module proxies plain HTTP); a host with several addresses yields
// its first IPv4 (else first IPv6) address.
BuildResult BuildRoutingTable(const discovery::EndpointsSnapshot& snapshot,
                              const std::map<std::string, discovery::HostAddresses>& addresses,
                              const VhostFilter& filter);

// A vhost left without any member only because its hosts do not resolve keeps the members it has
// in `in_force` (the table being replaced): a DNS failure must not take a working vhost down.
void KeepResolvedMembers(const RoutingTable& in_force, BuildResult* built);

// A table with no vhost replacing one with vhosts: everything vanishing at once is more likely a
// broken leader than a real cluster state, so it is refused (as EndpointsFollower's guard does).
bool IsCollapse(const RoutingTable& in_force, const RoutingTable& next);

}  // namespace drove::gateway
