// One worker's immutable, reference-counted routing view of one snapshot version: vhost -> members
// with ready-to-use socket addresses, grouped by routing tag. A request pins the view it started with
// for all its tries; the view is freed when the last request using it ends. Worker-local: one thread,
// plain counters.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gateway-module/lib/balancer_core.h"
#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {

struct RoutedMember {
  Member member;
  std::string name;  // "ip:port"
  sockaddr_storage sockaddr{};
  socklen_t socklen = 0;
  std::shared_ptr<MemberState> state;
};

struct Group {
  std::vector<size_t> members;       // positions in VhostRoute::members
  std::vector<MemberState*> states;  // their states, in the same order (owned by the members)
  mutable uint32_t cursor = 0;       // round-robin position, advanced by every pick
};

struct VhostRoute {
  std::vector<RoutedMember> members;
  std::map<std::string, Group> groups;  // routing-tag value -> its members; "" = untagged
};

// The worker's passive-failure state per member address, carried across views.
class MemberStates {
 public:
  std::shared_ptr<MemberState> Get(const std::string& name);
  // Forgets members no longer routed (views still pinned keep their own references).
  void KeepOnly(const std::vector<std::string>& names);
  size_t size() const { return states_.size(); }

 private:
  std::unordered_map<std::string, std::shared_ptr<MemberState>> states_;
};

class View {
 public:
  View(RoutingTable table, uint64_t version, MemberStates* states);

  const VhostRoute* Find(std::string_view vhost) const;
  // The request's group: the one its routing header names, else the untagged one; nullptr if that
  // group has no member.
  const Group* SelectGroup(const VhostRoute& route, std::string_view tag_value) const;

  const RoutingTable& table() const { return table_; }
  const std::map<std::string, VhostRoute, std::less<>>& routes() const { return routes_; }
  uint64_t version() const { return version_; }
  size_t member_count() const { return member_count_; }

  void Ref() { ++refs_; }
  // Drops a reference; deletes the view when it was the last.
  static void Unref(View* view);

 private:
  ~View() = default;
  RoutingTable table_;
  uint64_t version_;
  size_t member_count_ = 0;
  int refs_ = 1;
  std::map<std::string, VhostRoute, std::less<>> routes_;
};

}  // namespace drove::gateway
