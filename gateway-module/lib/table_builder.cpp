// Snapshot -> routing table. Pure function of its inputs, so unit tests and the fuzzer drive it.
#include "gateway-module/lib/table_builder.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "orchestrator/core/net/http_client.h"

namespace drove::gateway {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// nginx's validated Host drops one trailing dot; so does the table, so both sides agree.
std::string VhostKey(const std::string& vhost) {
  std::string key = Lower(vhost);
  if (!key.empty() && key.back() == '.') key.pop_back();
  return key;
}

bool Routable(const core::ExposedHost& h) { return h.port_type == core::PortType::kHttp; }

// A Host header never holds spaces or control bytes, and the table's readers refuse such a vhost
// (the whole table with it): leave it out.
bool Served(const std::string& vhost, const VhostFilter& filter) {
  bool hostlike = !vhost.empty() && std::none_of(vhost.begin(), vhost.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7f;
  });
  return hostlike && filter.Accepts(vhost);
}

std::string GroupOf(const core::ExposedAppInfo& app, const VhostFilter& filter) {
  if (filter.routing_tag.empty() || !app.tags) return "";
  auto it = app.tags->find(filter.routing_tag);
  return it == app.tags->end() ? "" : it->second;
}

bool MemberLess(const Member& a, const Member& b) {
  return std::tie(a.group, a.app_id, a.ip, a.port, a.host) <
         std::tie(b.group, b.app_id, b.ip, b.port, b.host);
}

// The leader's address for drove_leader_vhost: its URL's host, resolved with the executors.
std::string LeaderAddress(const std::string& url,
                          const std::map<std::string, discovery::HostAddresses>& addresses) {
  auto leader = core::HttpTarget::Parse(url);
  if (!leader.ok()) return "";
  auto it = addresses.find(leader->host);
  if (it == addresses.end() || it->second.empty()) return "";
  return it->second.ipv4.empty() ? it->second.ipv6[0] : it->second.ipv4[0];
}

}  // namespace

std::vector<std::string> HostsToResolve(const discovery::EndpointsSnapshot& snapshot,
                                        const VhostFilter& filter) {
  std::set<std::string> hosts;
  for (const auto& app : snapshot.apps) {
    if (!Served(VhostKey(app.vhost), filter)) continue;
    for (const auto& h : app.hosts) {
      if (Routable(h)) hosts.insert(h.host);
    }
  }
  if (auto leader = core::HttpTarget::Parse(snapshot.leader); leader.ok() && !leader->host.empty()) {
    hosts.insert(leader->host);
  }
  return {hosts.begin(), hosts.end()};
}

BuildResult BuildRoutingTable(const discovery::EndpointsSnapshot& snapshot,
                              const std::map<std::string, discovery::HostAddresses>& addresses,
                              const VhostFilter& filter) {
  BuildResult out;
  out.table.generation = snapshot.generation;
  out.table.leader = snapshot.leader;
  out.table.fetched_at_ms = snapshot.fetched_at_ms;
  out.table.leader_ip = LeaderAddress(snapshot.leader, addresses);
  std::set<std::string> unresolved, unresolved_vhosts;
  for (const auto& app : snapshot.apps) {
    std::string vhost = VhostKey(app.vhost);
    if (!Served(vhost, filter)) continue;
    std::vector<Member>& members = out.table.vhosts[vhost];
    for (const auto& h : app.hosts) {
      if (!Routable(h)) continue;
      auto it = addresses.find(h.host);
      if (it == addresses.end() || it->second.empty()) {
        unresolved.insert(h.host);
        unresolved_vhosts.insert(vhost);
        continue;
      }
      const auto& a = it->second;
      members.push_back(Member{app.app_id, h.host, h.port, a.ipv4.empty() ? a.ipv6[0] : a.ipv4[0],
                               GroupOf(app, filter)});
    }
  }
  for (auto& [vhost, members] : out.table.vhosts) {
    std::sort(members.begin(), members.end(), MemberLess);
    members.erase(std::unique(members.begin(), members.end()), members.end());
  }
  out.unresolved.assign(unresolved.begin(), unresolved.end());
  out.unresolved_vhosts.assign(unresolved_vhosts.begin(), unresolved_vhosts.end());
  return out;
}

void KeepResolvedMembers(const RoutingTable& in_force, BuildResult* built) {
  for (const std::string& vhost : built->unresolved_vhosts) {
    auto& members = built->table.vhosts[vhost];
    auto previous = in_force.vhosts.find(vhost);
    if (members.empty() && previous != in_force.vhosts.end()) members = previous->second;
  }
}

bool IsCollapse(const RoutingTable& in_force, const RoutingTable& next) {
  return next.vhosts.empty() && !in_force.vhosts.empty();
}

}  // namespace drove::gateway
