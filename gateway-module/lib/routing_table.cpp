// Small helpers of the routing table's data types.
#include "gateway-module/lib/routing_table.h"

#include <algorithm>

namespace drove::gateway {

bool VhostFilter::Accepts(std::string_view vhost) const {
  if (!realms.empty() && std::find(realms.begin(), realms.end(), vhost) == realms.end()) return false;
  if (!suffix.empty()) {
    if (vhost.size() < suffix.size()) return false;
    if (vhost.substr(vhost.size() - suffix.size()) != suffix) return false;
  }
  return true;
}

std::string MemberAddress(const Member& m) {
  bool v6 = m.ip.find(':') != std::string::npos;
  return (v6 ? "[" + m.ip + "]" : m.ip) + ":" + std::to_string(m.port);
}

}  // namespace drove::gateway
