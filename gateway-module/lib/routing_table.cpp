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

std::optional<UrlHost> HostOfUrl(std::string_view url) {
  UrlHost out;
  if (url.substr(0, 7) == "http://") {
    url.remove_prefix(7);
    out.port = 80;
  } else if (url.substr(0, 8) == "https://") {
    url.remove_prefix(8);
    out.port = 443;
  } else {
    return std::nullopt;
  }
  url = url.substr(0, url.find_first_of("/?#"));
  size_t colon = url.rfind(':');
  if (!url.empty() && url.front() == '[') {  // [v6] or [v6]:port
    size_t close = url.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(url.substr(1, close - 1));
    colon = close + 1 < url.size() && url[close + 1] == ':' ? close + 1 : std::string_view::npos;
  } else {
    out.host = std::string(url.substr(0, colon));
  }
  if (colon != std::string_view::npos) {
    std::string_view digits = url.substr(colon + 1);
    int port = 0;
    for (char c : digits) {
      if (c < '0' || c > '9' || port > 65535) return std::nullopt;
      port = port * 10 + (c - '0');
    }
    if (digits.empty() || port < 1 || port > 65535) return std::nullopt;
    out.port = port;
  }
  if (out.host.empty()) return std::nullopt;
  return out;
}

}  // namespace drove::gateway
