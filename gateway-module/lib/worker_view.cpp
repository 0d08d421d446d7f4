// Builds a worker's routing view from a serialized routing table (addresses parsed once per route,
// not per request; unchanged vhost lines reuse the previous view's route).
#include "gateway-module/lib/worker_view.h"

#include <arpa/inet.h>

#include <cstring>
#include <utility>

namespace drove::gateway {
namespace {

// The table only holds numeric addresses (DeserializeTable checks), so this cannot fail for it.
bool ToSockaddr(const Member& m, MemberSockaddr* out, socklen_t* len) {
  std::memset(out, 0, sizeof(*out));
  if (inet_pton(AF_INET, m.ip.c_str(), &out->v4.sin_addr) == 1) {
    out->v4.sin_family = AF_INET;
    out->v4.sin_port = htons(static_cast<uint16_t>(m.port));
    *len = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, m.ip.c_str(), &out->v6.sin6_addr) == 1) {
    out->v6.sin6_family = AF_INET6;
    out->v6.sin6_port = htons(static_cast<uint16_t>(m.port));
    *len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

std::shared_ptr<MemberState> StateOf(const std::string& name, const VhostRoute* before) {
  if (before != nullptr) {
    for (const RoutedMember& m : before->members) {
      if (m.name == name) return m.state;
    }
  }
  return std::make_shared<MemberState>();
}

// A vhost's route; members it had in `before` (the same vhost in the previous view) keep their
// state.
std::shared_ptr<VhostRoute> BuildRoute(const std::string& vhost, const std::vector<Member>& members,
                                       const VhostRoute* before) {
  auto route = std::make_shared<VhostRoute>();
  route->vhost = vhost;
  route->members.reserve(members.size());
  for (const Member& m : members) {
    RoutedMember rm;
    if (!ToSockaddr(m, &rm.sockaddr, &rm.socklen)) continue;
    rm.member = m;
    rm.name = MemberAddress(m);
    rm.state = StateOf(rm.name, before);
    route->groups[m.group].members.push_back(route->members.size());
    route->groups[m.group].states.push_back(rm.state.get());
    route->members.push_back(std::move(rm));
  }
  return route;
}

// The one-vhost table that the header and one vhost line make. Only bytes exactly as SerializeTable
// writes them pass: then the lines together read as the whole table would (anything else goes to
// the whole read).
core::Result<RoutingTable> ReadLine(std::string_view header, std::string_view line) {
  std::string text(header);
  text.append(line).append("\n}}");
  auto table = DeserializeTable(text);
  if (table.ok() && SerializeTable(*table) != text) {
    return core::Result<RoutingTable>::Error("routing table: not as SerializeTable writes it");
  }
  return table;
}

}  // namespace

core::Result<View*> View::Create(std::string bytes, uint64_t version, const View* previous) {
  auto* view = new View(std::move(bytes), version);
  auto lines = SplitTableLines(view->bytes_);
  core::Status status = lines ? view->ReadLines(*lines, previous)
                              : core::Status::Error("routing table: not one vhost per line");
  if (!status.ok()) {  // another layout, or refused: the whole read decides, with its error
    view->routes_.clear();
    view->lines_.clear();
    view->member_count_ = 0;
    status = view->ReadWhole(previous);
  }
  if (!status.ok()) {
    Unref(view);
    return status;
  }
  view->by_vhost_.reserve(view->routes_.size());
  for (const auto& route : view->routes_) view->by_vhost_.emplace(route->vhost, route.get());
  return view;
}

core::Status View::ReadLines(const TableLines& lines, const View* previous) {
  auto header = ReadLine(lines.header, std::string_view());
  if (!header.ok()) return header.status();
  routes_.reserve(lines.vhosts.size());
  lines_.reserve(lines.vhosts.size());
  ptrdiff_t shift = 0;
  for (size_t i = 0; i < lines.vhosts.size(); ++i) {
    std::string_view line = lines.vhosts[i];
    std::shared_ptr<const VhostRoute> route;
    if (previous != nullptr) route = previous->SameLine(line, i, &shift);
    if (!route) {
      auto one = ReadLine(lines.header, line);
      if (!one.ok()) return one.status();
      if (one->vhosts.size() != 1)
        return core::Status::Error("routing table: not one vhost per line");
      const auto& [vhost, members] = *one->vhosts.begin();
      route = BuildRoute(vhost, members, previous != nullptr ? previous->Find(vhost) : nullptr);
    }
    Add(std::move(route), line);
  }
  return Sorted() ? core::Status::Ok() : core::Status::Error("routing table: vhosts out of order");
}

core::Status View::ReadWhole(const View* previous) {
  auto table = DeserializeTable(bytes_);
  if (!table.ok()) return table.status();
  routes_.reserve(table->vhosts.size());
  for (const auto& [vhost, members] : table->vhosts) {
    Add(BuildRoute(vhost, members, previous != nullptr ? previous->Find(vhost) : nullptr),
        std::string_view());
  }
  return core::Status::Ok();
}

// Tables change by a few vhosts at a time, so the same line is looked for where it was, `*shift`
// tracking the vhosts added or removed before it; null when the line is not there (a changed or
// new vhost, read afresh).
std::shared_ptr<const VhostRoute> View::SameLine(std::string_view line, size_t at,
                                                 ptrdiff_t* shift) const {
  for (ptrdiff_t step : {0, 1, -1}) {
    ptrdiff_t i = static_cast<ptrdiff_t>(at) + *shift + step;
    if (i >= 0 && static_cast<size_t>(i) < lines_.size() && lines_[i] == line) {
      *shift += step;
      return routes_[i];
    }
  }
  return nullptr;
}

void View::Add(std::shared_ptr<const VhostRoute> route, std::string_view line) {
  member_count_ += route->members.size();
  routes_.push_back(std::move(route));
  lines_.push_back(line);
}

// Strictly ascending (as the table lists them), so no vhost is there twice.
bool View::Sorted() const {
  for (size_t i = 1; i < routes_.size(); ++i) {
    if (!(routes_[i - 1]->vhost < routes_[i]->vhost)) return false;
  }
  return true;
}

const VhostRoute* View::Find(std::string_view vhost) const {
  auto it = by_vhost_.find(vhost);
  return it == by_vhost_.end() ? nullptr : it->second;
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
