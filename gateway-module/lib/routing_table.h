// The gateway's routing table: vhost -> resolved members. Plain data shared by the fetcher (builds it),
// the zone (carries it serialized) and the workers (route with it). No nginx types; C++17 so nginx's
// own compiler flags can include it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::gateway {

struct Member {
  std::string app_id;
  std::string host;   // executor hostname as the controller sent it
  int port = 0;
  std::string ip;     // resolved address (dotted quad or IPv6 text)
  std::string group;  // value of the routing tag; "" = untagged (or no routing tag configured)
  // the drove_cluster it came from; "" in a single cluster's own table ({}: initializers may omit it)
  std::string cluster{};
  bool operator==(const Member& o) const {
    return app_id == o.app_id && host == o.host && port == o.port && ip == o.ip &&
           group == o.group && cluster == o.cluster;
  }
};

struct RoutingTable {
  int64_t generation = 0;     // the controller's endpoints generation
  std::string leader;         // controller URL that answered
  std::string leader_ip;      // its host's address (for drove_leader_vhost); "" = not resolved
  int64_t fetched_at_ms = 0;  // wall clock of the fetch
  std::map<std::string, std::vector<Member>> vhosts;  // lower-cased vhost -> members, sorted
  bool operator==(const RoutingTable& o) const {
    return generation == o.generation && leader == o.leader && leader_ip == o.leader_ip &&
           fetched_at_ms == o.fetched_at_ms && vhosts == o.vhosts;
  }
};

// Which vhosts this gateway serves, and how a vhost's members are grouped (drove-gateway's realm,
// realm_suffix and routing_tag).
struct VhostFilter {
  std::vector<std::string> realms;  // exact vhosts (lower-case); empty = every vhost
  std::string suffix;               // vhost must end with it; empty = no constraint
  std::string routing_tag;          // app tag whose value names the member's group; empty = one group
  bool Accepts(std::string_view vhost) const;
};

// "ip:port", or "[ip]:port" for IPv6: the member's upstream name (nginx's $upstream_addr).
std::string MemberAddress(const Member& m);

// The compact wire form kept in the shared zone and in the dump file (JSON, see table_codec.cpp).
std::string SerializeTable(const RoutingTable& table);
// Refuses anything but a table SerializeTable could have written: types, ports 1..65535, numeric
// addresses, non-empty lower-case vhosts. Never throws; safe on any bytes.
core::Result<RoutingTable> DeserializeTable(std::string_view bytes);

// SerializeTable's bytes cut into the header line (ending `"vhosts":{` and its newline) and each
// vhost's `"vhost":[...]` text; header + vhost text + "\n}}" is a one-vhost table. nullopt when the
// bytes are not laid out that way (read them whole). Validates nothing.
struct TableLines {
  std::string_view header;
  std::vector<std::string_view> vhosts;
};
std::optional<TableLines> SplitTableLines(std::string_view bytes);

}  // namespace drove::gateway
