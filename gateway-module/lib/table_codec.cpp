// The routing table's wire form: one JSON object, the same bytes in the shared zone and the dump file,
// so an operator can read the dump and a worker validates exactly what the loader validates.
//   {"generation":N,"leader":"...","fetched_at_ms":N,
//    "vhosts":{"app.local":[{"app_id":"..","host":"..","port":N,"ip":"..","group":".."}]}}
#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {
namespace {

using nlohmann::json;
using Table = core::Result<RoutingTable>;

bool IsNumericAddress(const std::string& ip) {
  unsigned char buf[16];
  return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

bool IsLowerVhost(const std::string& vhost) {
  if (vhost.empty()) return false;
  for (unsigned char c : vhost) {
    if (c <= ' ' || c == 0x7f || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

const json* StringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? &*it : nullptr;
}

core::Status ReadMember(const json& j, const std::string& where, Member* m) {
  if (!j.is_object()) return core::Status::Error(where + ": not an object");
  const json* app_id = StringField(j, "app_id");
  const json* host = StringField(j, "host");
  const json* ip = StringField(j, "ip");
  const json* group = StringField(j, "group");
  auto port = j.find("port");
  if (!app_id || !host || !ip || !group) return core::Status::Error(where + ": missing string field");
  if (port == j.end() || !port->is_number_integer()) return core::Status::Error(where + ".port: not an integer");
  int64_t p = port->get<int64_t>();
  if (p < 1 || p > 65535) return core::Status::Error(where + ".port: outside 1..65535");
  m->app_id = app_id->get<std::string>();
  m->host = host->get<std::string>();
  m->ip = ip->get<std::string>();
  m->group = group->get<std::string>();
  m->port = static_cast<int>(p);
  if (!IsNumericAddress(m->ip)) return core::Status::Error(where + ".ip: not a numeric address");
  return core::Status::Ok();
}

}  // namespace

std::string SerializeTable(const RoutingTable& table) {
  json vhosts = json::object();
  for (const auto& [vhost, members] : table.vhosts) {
    json list = json::array();
    for (const Member& m : members) {
      list.push_back({{"app_id", m.app_id}, {"host", m.host}, {"port", m.port}, {"ip", m.ip},
                      {"group", m.group}});
    }
    vhosts[vhost] = std::move(list);
  }
  json root = {{"generation", table.generation}, {"leader", table.leader},
               {"fetched_at_ms", table.fetched_at_ms}, {"vhosts", std::move(vhosts)}};
  return root.dump(-1, ' ', false, json::error_handler_t::replace);
}

Table DeserializeTable(std::string_view bytes) {
  json root = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return Table::Error("routing table: invalid JSON");
  RoutingTable table;
  auto generation = root.find("generation");
  auto fetched = root.find("fetched_at_ms");
  const json* leader = StringField(root, "leader");
  auto vhosts = root.find("vhosts");
  if (generation == root.end() || !generation->is_number_integer()) {
    return Table::Error("routing table: generation: not an integer");
  }
  if (fetched == root.end() || !fetched->is_number_integer()) {
    return Table::Error("routing table: fetched_at_ms: not an integer");
  }
  if (!leader) return Table::Error("routing table: leader: not a string");
  if (vhosts == root.end() || !vhosts->is_object()) return Table::Error("routing table: vhosts: not an object");
  table.generation = generation->get<int64_t>();
  table.fetched_at_ms = fetched->get<int64_t>();
  table.leader = leader->get<std::string>();
  for (const auto& [vhost, list] : vhosts->items()) {
    std::string where = "routing table: vhosts." + vhost;
    if (!IsLowerVhost(vhost)) return Table::Error(where + ": not a lower-case host name");
    if (!list.is_array()) return Table::Error(where + ": not a list");
    std::vector<Member>& members = table.vhosts[vhost];
    for (size_t i = 0; i < list.size(); ++i) {
      Member m;
      core::Status s = ReadMember(list[i], where + "[" + std::to_string(i) + "]", &m);
      if (!s.ok()) return s;
      members.push_back(std::move(m));
    }
  }
  return table;
}

}  // namespace drove::gateway
