// The routing table's wire form: one JSON object, the same bytes in the shared zone and the dump
// file, so an operator can read the dump and a worker validates exactly what the loader validates.
// "leader_ip" and "cluster" are written only when set: a single cluster's table reads as before.
// One vhost per line, so a worker can tell the vhosts that changed by comparing lines:
//   {"generation":N,"leader":"...","leader_ip":"..","fetched_at_ms":N,"vhosts":{
//   "app.local":[{"app_id":"..","host":"..","port":N,"ip":"..","group":"..","cluster":".."}],
//   "other.local":[]
//   }}
#include <arpa/inet.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {
namespace {

using nlohmann::json;
using Table = core::Result<RoutingTable>;

constexpr std::string_view kVhostsOpen = "\"vhosts\":{\n";
constexpr std::string_view kTableClose = "\n}}";

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
  if (j.contains("cluster")) {
    const json* cluster = StringField(j, "cluster");
    if (!cluster || cluster->get_ref<const std::string&>().empty()) {
      return core::Status::Error(where + ".cluster: not a non-empty string");
    }
    m->cluster = cluster->get<std::string>();
  }
  if (!IsNumericAddress(m->ip)) return core::Status::Error(where + ".ip: not a numeric address");
  return core::Status::Ok();
}

// Plain printable ASCII is written as is; anything else goes through nlohmann's escaping, which
// also replaces invalid UTF-8.
void AppendString(std::string* out, const std::string& text) {
  bool plain = std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out->append(json(text).dump(-1, ' ', false, json::error_handler_t::replace));
    return;
  }
  out->push_back('"');
  out->append(text);
  out->push_back('"');
}

void AppendMember(std::string* out, const Member& m, const char* separator) {
  out->append(separator).append("{\"app_id\":");
  AppendString(out, m.app_id);
  out->append(",\"host\":");
  AppendString(out, m.host);
  out->append(",\"port\":").append(std::to_string(m.port)).append(",\"ip\":");
  AppendString(out, m.ip);
  out->append(",\"group\":");
  AppendString(out, m.group);
  if (!m.cluster.empty()) {
    out->append(",\"cluster\":");
    AppendString(out, m.cluster);
  }
  out->push_back('}');
}

}  // namespace

std::string SerializeTable(const RoutingTable& table) {
  std::string out = "{\"generation\":" + std::to_string(table.generation) + ",\"leader\":";
  AppendString(&out, table.leader);
  if (!table.leader_ip.empty()) {
    out.append(",\"leader_ip\":");
    AppendString(&out, table.leader_ip);
  }
  out.append(",\"fetched_at_ms\":").append(std::to_string(table.fetched_at_ms)).append(",");
  out.append(kVhostsOpen);
  const char* separator = "";
  for (const auto& [vhost, members] : table.vhosts) {
    out += separator;
    separator = ",\n";
    AppendString(&out, vhost);
    out += ":[";
    for (size_t i = 0; i < members.size(); ++i) AppendMember(&out, members[i], i == 0 ? "" : ",");
    out += "]";
  }
  out.append(kTableClose);
  return out;
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
  if (root.contains("leader_ip")) {
    const json* leader_ip = StringField(root, "leader_ip");
    if (!leader_ip || !IsNumericAddress(leader_ip->get<std::string>())) {
      return Table::Error("routing table: leader_ip: not a numeric address");
    }
    table.leader_ip = leader_ip->get<std::string>();
  }
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

std::optional<TableLines> SplitTableLines(std::string_view bytes) {
  // Strings are written escaped, so the first newline ends the header.
  size_t header_end = bytes.find('\n');
  if (header_end == std::string_view::npos || bytes.size() < header_end + kTableClose.size()) {
    return std::nullopt;
  }
  TableLines out;
  out.header = bytes.substr(0, header_end + 1);
  if (out.header.size() < kVhostsOpen.size() ||
      out.header.substr(out.header.size() - kVhostsOpen.size()) != kVhostsOpen ||
      bytes.substr(bytes.size() - kTableClose.size()) != kTableClose) {
    return std::nullopt;
  }
  std::string_view rest =
      bytes.substr(header_end + 1, bytes.size() - kTableClose.size() - header_end - 1);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    bool last = end == std::string_view::npos;
    if (!last && (line.empty() || line.back() != ',')) return std::nullopt;
    out.vhosts.push_back(last ? line : line.substr(0, line.size() - 1));
    rest = last ? std::string_view() : rest.substr(end + 1);
  }
  return out;
}

}  // namespace drove::gateway
