// Turns exposed apps into RRsets per owner name, adds the apex and empty non-terminals, and writes
// every answer ahead of time.
#include "dns-server/index/index_builder.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>
#include <utility>

#include "dns-server/codec/error_response.h"

namespace drove::dns {
namespace {

constexpr uint16_t kAny = static_cast<uint16_t>(RrType::kAny);

struct Instance {
  std::string host;  // lowercased executor hostname
  uint16_t port = 0;
  core::PortType type = core::PortType::kHttp;
  std::string name_labels;  // "_<portName>._tcp", or empty when the port has no usable name
  bool operator<(const Instance& o) const {
    return std::tie(host, port, type, name_labels) <
           std::tie(o.host, o.port, o.type, o.name_labels);
  }
};

// "_<name>._tcp" ("._udp" for UDP ports), lowercased; empty when "_<name>" cannot be one DNS
// label: Drove's port names match [A-Za-z0-9_-]*, anything else is served by its type only.
std::string PortNameLabels(const std::string& port_name, core::PortType type) {
  if (port_name.empty() || port_name.size() > kMaxLabelLength - 1) return "";
  std::string labels = "_";
  for (char c : port_name) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (!allowed) return "";
    labels.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return labels + (type == core::PortType::kUdp ? "._udp" : "._tcp");
}

// Owner (lowercased wire) → records in insertion order; RRsets are grouped when answers are built.
using RecordMap = std::map<std::string, std::vector<Record>>;

Name Prepend(const std::string& labels, const Name& name) {
  auto prefix = NameFromText(labels);
  std::string wire = prefix->wire();
  wire.pop_back();  // drop the root label
  wire.append(name.wire());
  return Name::FromWire(std::move(wire));
}

void AddAddresses(const Name& owner, uint32_t ttl, const std::vector<std::string>& ipv4,
                  const std::vector<std::string>& ipv6, RecordMap* records) {
  std::vector<Record>& list = (*records)[owner.wire()];
  for (const std::string& text : ipv4) {
    ARecord a;
    if (inet_pton(AF_INET, text.c_str(), a.address.data()) == 1) list.push_back({owner, ttl, a});
  }
  for (const std::string& text : ipv6) {
    AaaaRecord aaaa;
    if (inet_pton(AF_INET6, text.c_str(), aaaa.address.data()) == 1) {
      list.push_back({owner, ttl, aaaa});
    }
  }
}

std::vector<Record> OfType(const std::vector<Record>& records, RrType type) {
  std::vector<Record> out;
  for (const Record& r : records) {
    if (TypeOf(r.data) == type) out.push_back(r);
  }
  return out;
}

// Glue: A/AAAA of the SRV targets and NS hosts we know, in target order, once each.
std::vector<Record> Glue(const std::vector<Record>& answer, const RecordMap& records,
                         const std::map<std::string, std::vector<Record>>& host_glue) {
  std::vector<Record> out;
  std::set<std::string> seen;
  for (const Record& r : answer) {
    const Name* target = nullptr;
    if (const auto* srv = std::get_if<SrvRecord>(&r.data)) target = &srv->target;
    if (const auto* ns = std::get_if<NsRecord>(&r.data)) target = &ns->host;
    if (!target || !seen.insert(target->wire()).second) continue;
    const std::vector<Record>* source = nullptr;
    if (auto it = records.find(target->wire()); it != records.end()) source = &it->second;
    if (auto it = host_glue.find(target->wire()); !source && it != host_glue.end()) {
      source = &it->second;
    }
    if (!source) continue;
    for (RrType type : {RrType::kA, RrType::kAaaa}) {
      auto addresses = OfType(*source, type);
      out.insert(out.end(), addresses.begin(), addresses.end());
    }
  }
  return out;
}

PrecomputedAnswer Precompute(const Name& owner, uint16_t qtype, std::vector<Record> answer,
                             std::vector<Record> additional, uint16_t edns_udp_size) {
  PrecomputedAnswer out;
  out.qtype = qtype;
  out.answer = std::move(answer);
  out.additional = std::move(additional);
  Response response;
  response.header.qr = true;
  response.header.aa = true;
  response.question = Question{owner, qtype, static_cast<uint16_t>(RrClass::kIn)};
  response.answer = out.answer;
  response.additional = out.additional;
  auto plain = WriteResponse(response, {.limit = kClassicUdpLimit});
  response.edns = Edns{.udp_size = edns_udp_size};
  auto edns = WriteResponse(response, {.limit = edns_udp_size});
  using Bytes = std::span<const uint8_t>;
  out.udp = PackedAnswer(owner.wire(), qtype, plain.ok() ? Bytes(plain->bytes) : Bytes(),
                         edns.ok() ? Bytes(edns->bytes) : Bytes());
  return out;
}

struct EntryContext {
  const RecordMap* all;
  const std::map<std::string, std::vector<Record>>* host_glue;
  uint16_t edns_udp_size;
  const Index* previous;
};

std::shared_ptr<const NameEntry> BuildEntry(const Name& owner, const std::vector<Record>& records,
                                            const EntryContext& context, size_t* reused) {
  std::vector<RrType> types;
  for (const Record& r : records) {
    if (std::find(types.begin(), types.end(), TypeOf(r.data)) == types.end()) {
      types.push_back(TypeOf(r.data));
    }
  }
  // RRsets with their glue, in type order; the last one is ANY (every record, all glue).
  std::vector<std::pair<std::vector<Record>, std::vector<Record>>> sets;
  std::vector<Record> everything;
  for (RrType type : types) {
    std::vector<Record> rrset = OfType(records, type);
    everything.insert(everything.end(), rrset.begin(), rrset.end());
    std::vector<Record> glue = Glue(rrset, *context.all, *context.host_glue);
    sets.emplace_back(std::move(rrset), std::move(glue));
  }
  std::vector<uint8_t> fingerprint;
  for (const auto& [rrset, glue] : sets) {
    for (const Record& r : rrset) AppendUncompressedRecord(r, &fingerprint);
    fingerprint.push_back(0xFF);  // RRset / glue boundary
    for (const Record& r : glue) AppendUncompressedRecord(r, &fingerprint);
    fingerprint.push_back(0xFE);
  }
  std::string key(fingerprint.begin(), fingerprint.end());
  if (context.previous) {
    auto old = context.previous->FindShared(owner.wire());
    if (old && old->fingerprint == key) {
      ++*reused;
      return old;
    }
  }
  auto entry = std::make_shared<NameEntry>();
  entry->owner = owner;
  entry->fingerprint = std::move(key);
  for (size_t i = 0; i < sets.size(); ++i) {
    entry->answers.push_back(Precompute(owner, static_cast<uint16_t>(types[i]),
                                        std::move(sets[i].first), std::move(sets[i].second),
                                        context.edns_udp_size));
  }
  if (!everything.empty()) {
    std::vector<Record> glue = Glue(everything, *context.all, *context.host_glue);
    entry->answers.push_back(
        Precompute(owner, kAny, std::move(everything), std::move(glue), context.edns_udp_size));
  }
  return entry;
}

// vhost (lowercased name) → its distinct healthy instances, skipping what cannot be served.
std::map<std::string, std::set<Instance>> CollectVhosts(const DnsConfig& config,
                                                        const IndexInput& input,
                                                        BuildResult* result) {
  std::map<std::string, std::set<Instance>> vhosts;
  for (const core::ExposedAppInfo& app : input.apps) {
    auto name = NameFromText(app.vhost);
    if (!name.ok() || !IsSubdomainOf(*name, config.zone)) {
      result->skipped.push_back("appId=" + app.app_id + " vhost=" + app.vhost +
                                (name.ok() ? " outside the zone" : " not a DNS name"));
      continue;
    }
    std::set<Instance>& instances = vhosts[name->Lowercased().wire()];
    std::set<std::string> unnamed;  // port names that are no DNS label, reported once per app
    for (const core::ExposedHost& host : app.hosts) {
      auto target = NameFromText(host.host);
      if (!target.ok() || host.port < 1 || host.port > 65535) {
        result->skipped.push_back("appId=" + app.app_id + " host=" + host.host + " not servable");
        continue;
      }
      std::string labels = PortNameLabels(host.port_name, host.port_type);
      if (labels.empty() && !host.port_name.empty() && unnamed.insert(host.port_name).second) {
        result->skipped.push_back("appId=" + app.app_id + " portName=" + host.port_name +
                                  " not a DNS label (served by port type only)");
      }
      instances.insert({target->Lowercased().ToText(), static_cast<uint16_t>(host.port),
                        host.port_type, std::move(labels)});
    }
  }
  return vhosts;
}

// SRV sets of a vhost: the vhost itself (Drove's form) and RFC 2782's `_<service>._<proto>.<vhost>`
// by port type and by port name. Sets, because apps sharing a vhost may list one host:port twice,
// and a port named like its type ("http") lands on one owner twice.
void AddVhostSrv(const DnsConfig& config, const Name& vhost, const std::set<Instance>& instances,
                 RecordMap* records) {
  std::map<std::string, std::set<std::pair<std::string, uint16_t>>> targets;  // owner wire → set
  for (const Instance& instance : instances) {
    std::pair<std::string, uint16_t> target{instance.host, instance.port};
    targets[vhost.wire()].insert(target);
    targets[Prepend(ServiceLabels(instance.type), vhost).wire()].insert(target);
    if (!instance.name_labels.empty()) {
      targets[Prepend(instance.name_labels, vhost).wire()].insert(target);
    }
  }
  for (const auto& [wire, set] : targets) {
    Name owner = Name::FromWire(wire);
    std::vector<Record>& list = (*records)[wire];
    for (const auto& [host, port] : set) {
      SrvRecord srv{.priority = 1, .weight = 1, .port = port, .target = *NameFromText(host)};
      list.push_back({owner, config.ttl.srv, std::move(srv)});
    }
  }
}

void AddVhost(const DnsConfig& config, const IndexInput& input, const Name& vhost,
              const std::set<Instance>& instances, RecordMap* records) {
  AddVhostSrv(config, vhost, instances, records);
  std::vector<std::string> ipv4 = config.gateway_ipv4;
  std::vector<std::string> ipv6 = config.gateway_ipv6;
  if (ipv4.empty() && ipv6.empty()) {  // no gateway: the instances' own addresses
    for (const Instance& instance : instances) {
      auto it = input.host_addresses.find(instance.host.substr(0, instance.host.size() - 1));
      if (it == input.host_addresses.end()) continue;
      ipv4.insert(ipv4.end(), it->second.ipv4.begin(), it->second.ipv4.end());
      ipv6.insert(ipv6.end(), it->second.ipv6.begin(), it->second.ipv6.end());
    }
  }
  std::sort(ipv4.begin(), ipv4.end());
  ipv4.erase(std::unique(ipv4.begin(), ipv4.end()), ipv4.end());
  std::sort(ipv6.begin(), ipv6.end());
  ipv6.erase(std::unique(ipv6.begin(), ipv6.end()), ipv6.end());
  AddAddresses(vhost, config.ttl.address, ipv4, ipv6, records);
}

Record SoaOf(const DnsConfig& config, int64_t generation) {
  SoaRecord soa{.mname = config.soa.mname,
                .rname = config.soa.rname,
                .serial = static_cast<uint32_t>(generation),
                .refresh = config.soa.refresh,
                .retry = config.soa.retry,
                .expire = config.soa.expire,
                .minimum = config.ttl.negative};
  return Record{config.zone, config.ttl.soa, soa};
}

void AddApex(const DnsConfig& config, const Record& soa, RecordMap* records) {
  std::vector<Record>& apex = (*records)[config.zone.wire()];
  apex.insert(apex.begin(), soa);
  for (const Name& ns : config.name_servers) {
    apex.push_back({config.zone, config.ttl.ns, NsRecord{ns}});
    Name host = ns.Lowercased();
    if (IsSubdomainOf(host, config.zone)) {
      AddAddresses(host, config.ttl.ns, config.name_server_ipv4, config.name_server_ipv6, records);
    }
  }
}

// Every name between an owner and the zone apex exists (as an empty non-terminal at least).
void AddEmptyNonTerminals(const Name& zone, RecordMap* records) {
  std::vector<std::string> owners;
  for (const auto& [wire, list] : *records) owners.push_back(wire);
  for (const std::string& owner : owners) {
    size_t pos = 0;
    while (owner.size() - pos > zone.size()) {
      pos += 1 + static_cast<uint8_t>(owner[pos]);
      records->try_emplace(owner.substr(pos));
    }
  }
}

// Executor hostname (wire, lowercased) → its A/AAAA records, for glue.
std::map<std::string, std::vector<Record>> HostGlue(const DnsConfig& config,
                                                    const IndexInput& input) {
  std::map<std::string, std::vector<Record>> out;
  for (const auto& [host, addresses] : input.host_addresses) {
    auto name = NameFromText(host);
    if (!name.ok()) continue;
    Name owner = name->Lowercased();
    RecordMap one;
    AddAddresses(owner, config.ttl.address, addresses.ipv4, addresses.ipv6, &one);
    out[owner.wire()] = std::move(one[owner.wire()]);
  }
  return out;
}

}  // namespace

std::string ServiceLabels(core::PortType type) {
  switch (type) {
    case core::PortType::kHttp:
      return "_http._tcp";
    case core::PortType::kHttps:
      return "_https._tcp";
    case core::PortType::kTcp:
      return "_tcp._tcp";
    case core::PortType::kUdp:
      return "_udp._udp";
  }
  return "_tcp._tcp";
}

BuildResult BuildIndex(const DnsConfig& config, const IndexInput& input, const Index* previous) {
  BuildResult result;
  RecordMap records;
  for (const auto& [wire, instances] : CollectVhosts(config, input, &result)) {
    AddVhost(config, input, Name::FromWire(wire), instances, &records);
    ++result.vhosts;
    result.instances += instances.size();
  }
  Record soa = SoaOf(config, input.generation);
  AddApex(config, soa, &records);
  AddEmptyNonTerminals(config.zone, &records);
  auto host_glue = HostGlue(config, input);
  EntryContext context{&records, &host_glue, config.edns_udp_size,
                       previous && previous->ready() ? previous : nullptr};
  std::vector<std::shared_ptr<const NameEntry>> entries;
  entries.reserve(records.size());
  for (const auto& [wire, list] : records) {
    entries.push_back(BuildEntry(Name::FromWire(wire), list, context, &result.reused));
  }
  result.index = std::make_shared<const Index>(config.zone, config.edns_udp_size, input.generation,
                                               input.synced_at_ms, soa, std::move(entries));
  return result;
}

}  // namespace drove::dns
