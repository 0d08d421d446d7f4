// Builds a worker's routing view from a routing table (addresses parsed once per version, not per
// request).
#include "gateway-module/lib/worker_view.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <unordered_set>

namespace drove::gateway {
namespace {

// The table only holds numeric addresses (DeserializeTable checks), so this cannot fail for it.
bool ToSockaddr(const Member& m, sockaddr_storage* out, socklen_t* len) {
  std::memset(out, 0, sizeof(*out));
  auto* v4 = reinterpret_cast<sockaddr_in*>(out);
  if (inet_pton(AF_INET, m.ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(m.port));
    *len = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(out);
  if (inet_pton(AF_INET6, m.ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(m.port));
    *len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

}  // namespace

std::shared_ptr<MemberState> MemberStates::Get(const std::string& name) {
  auto& state = states_[name];
  if (!state) state = std::make_shared<MemberState>();
  return state;
}

void MemberStates::KeepOnly(const std::vector<std::string>& names) {
  std::unordered_set<std::string> keep(names.begin(), names.end());
  for (auto it = states_.begin(); it != states_.end();) {
    it = keep.count(it->first) ? std::next(it) : states_.erase(it);
  }
}

View::View(RoutingTable table, uint64_t version, MemberStates* states)
    : table_(std::move(table)), version_(version) {
  std::vector<std::string> names;
  for (const auto& [vhost, members] : table_.vhosts) {
    VhostRoute& route = routes_[vhost];
    for (const Member& m : members) {
      RoutedMember rm;
      if (!ToSockaddr(m, &rm.sockaddr, &rm.socklen)) continue;
      rm.member = m;
      rm.name = MemberAddress(m);
      rm.state = states->Get(rm.name);
      names.push_back(rm.name);
      Group& group = route.groups[m.group];
      group.members.push_back(route.members.size());
      group.states.push_back(rm.state.get());
      route.members.push_back(std::move(rm));
    }
    member_count_ += route.members.size();
  }
  states->KeepOnly(names);
}

const VhostRoute* View::Find(std::string_view vhost) const {
  auto it = routes_.find(vhost);
  return it == routes_.end() ? nullptr : &it->second;
}

const Group* View::SelectGroup(const VhostRoute& route, std::string_view tag_value) const {
  if (!tag_value.empty()) {
    auto it = route.groups.find(std::string(tag_value));
    if (it != route.groups.end()) return &it->second;
  }
  auto it = route.groups.find("");
  return it == route.groups.end() ? nullptr : &it->second;
}

void View::Unref(View* view) {
  if (--view->refs_ == 0) delete view;
}

}  // namespace drove::gateway
