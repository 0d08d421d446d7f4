// One worker's immutable, reference-counted routing view of one snapshot version: vhost -> members
// with ready-to-use socket addresses, grouped by routing tag. A request pins the view it started
// with for all its tries; the view is freed when the last request using it ends. A new view shares
// the routes of the vhosts whose table line did not change with the view before it, so a change of
// one member costs one vhost's rebuild, not the whole table's. Worker-local: one thread, plain
// counters.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
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

union MemberSockaddr {
  sockaddr_in v4;
  sockaddr_in6 v6;
};

struct RoutedMember {
  Member member;
  std::string name;  // "ip:port"
  MemberSockaddr sockaddr{};
  socklen_t socklen = 0;
  // Shared with the same member in the vhost's routes of older views: requests still pinned to
  // one of them count their tries here too.
  std::shared_ptr<MemberState> state;
};

struct Group {
  std::vector<size_t> members;       // positions in VhostRoute::members
  std::vector<MemberState*> states;  // their states, in the same order (owned by the members)
  mutable uint32_t cursor = 0;       // round-robin position, advanced by every pick
};

struct VhostRoute {
  std::string vhost;
  std::vector<RoutedMember> members;
  std::map<std::string, Group> groups;  // routing-tag value -> its members; "" = untagged
};

class View {
 public:
  // The view of `bytes`, a table as SerializeTable writes it, after `previous` (the view in force,
  // or null). Vhost lines equal to one of `previous` share its route; the rest is read by
  // DeserializeTable's rules (bytes of another layout are read whole), and a member that stays in
  // its vhost keeps its passive-failure state. Refused bytes return that function's error.
  static core::Result<View*> Create(std::string bytes, uint64_t version, const View* previous);

  const VhostRoute* Find(std::string_view vhost) const;
  // The request's group: the one its routing header names, else the untagged one; nullptr if that
  // group has no member.
  const Group* SelectGroup(const VhostRoute& route, std::string_view tag_value) const;

  // Sorted by vhost.
  const std::vector<std::shared_ptr<const VhostRoute>>& routes() const { return routes_; }
  uint64_t version() const { return version_; }
  size_t member_count() const { return member_count_; }

  void Ref() { ++refs_; }
  // Drops a reference; deletes the view when it was the last.
  static void Unref(View* view);

 private:
  View(std::string bytes, uint64_t version) : bytes_(std::move(bytes)), version_(version) {}
  ~View() = default;
  core::Status ReadLines(const TableLines& lines, const View* previous);
  core::Status ReadWhole(const View* previous);
  std::shared_ptr<const VhostRoute> SameLine(std::string_view line, size_t at,
                                             ptrdiff_t* shift) const;
  void Add(std::shared_ptr<const VhostRoute> route, std::string_view line);
  bool Sorted() const;

  std::string bytes_;  // the table this view was read from; lines_ points into it
  uint64_t version_;
  size_t member_count_ = 0;
  int refs_ = 1;
  std::vector<std::shared_ptr<const VhostRoute>> routes_;
  std::vector<std::string_view> lines_;  // routes_[i]'s line; empty when the table was read whole
  // Find's index (a request's lookup is one hash probe, not a search through 10,000 names); the
  // keys are the routes' own vhost strings.
  std::unordered_map<std::string_view, const VhostRoute*> by_vhost_;
};

}  // namespace drove::gateway
