// Reads dns.yml through core's strict ConfigFile; names and addresses are validated here so that
// the server never sees a bad one.
#include "dns-server/config/dns_config.h"

#include <arpa/inet.h>

#include <algorithm>

#include "orchestrator/core/net/http_server_config.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::dns {
namespace {

std::vector<SocketAddress> AddressList(const core::ConfigNode& node, std::string_view key,
                                       std::vector<std::string> defaults, int default_port) {
  std::vector<SocketAddress> out;
  std::vector<std::string> texts = node.StringList(key, std::move(defaults));
  for (size_t i = 0; i < texts.size(); ++i) {
    auto address = ParseSocketAddress(texts[i], default_port);
    if (address.ok()) {
      out.push_back(*address);
    } else {
      node.Error(std::string(key) + "[" + std::to_string(i) + "]", address.error());
    }
  }
  return out;
}

// Numeric addresses of one family, checked.
std::vector<std::string> IpList(const core::ConfigNode& node, std::string_view key, int family) {
  std::vector<std::string> out;
  std::vector<std::string> texts = node.StringList(key);
  for (size_t i = 0; i < texts.size(); ++i) {
    unsigned char buffer[16];
    if (inet_pton(family, texts[i].c_str(), buffer) == 1) {
      out.push_back(texts[i]);
    } else {
      node.Error(std::string(key) + "[" + std::to_string(i) + "]",
                 std::string("not an ") + (family == AF_INET ? "IPv4" : "IPv6") + " address");
    }
  }
  return out;
}

// A domain name; relative names are taken as absolute.
Name NameValue(const core::ConfigNode& node, std::string_view key, const Name& default_value) {
  auto text = node.OptionalString(key);
  if (!text || text->empty()) return default_value;
  auto name = NameFromText(*text);
  if (!name.ok()) {
    node.Error(key, name.error());
    return default_value;
  }
  return *name;
}

// `label` prepended to `zone` ("ns" + "drove." = "ns.drove."); the zone itself if it would not fit.
Name Prefixed(std::string_view label, const Name& zone) {
  if (zone.size() + label.size() + 1 > kMaxNameLength) return zone;
  std::string wire(1, static_cast<char>(label.size()));
  wire.append(label);
  wire.append(zone.wire());
  return Name::FromWire(std::move(wire));
}

uint32_t Ttl(const core::ConfigNode& node, std::string_view key, uint32_t default_value) {
  return static_cast<uint32_t>(node.Int(key, default_value, 0, 604800));
}

void ReadTtls(const core::ConfigNode& node, TtlConfig* ttl) {
  ttl->srv = Ttl(node, "srv", ttl->srv);
  ttl->address = Ttl(node, "address", ttl->address);
  ttl->soa = Ttl(node, "soa", ttl->soa);
  ttl->negative = Ttl(node, "negative", ttl->negative);
  ttl->ns = Ttl(node, "ns", ttl->ns);
}

void ReadSoa(const core::ConfigNode& node, const Name& zone, SoaConfig* soa) {
  soa->mname = NameValue(node, "mname", Prefixed("ns", zone));
  soa->rname = NameValue(node, "rname", Prefixed("hostmaster", zone));
  soa->refresh = static_cast<uint32_t>(node.Int("refresh", soa->refresh, 0, INT32_MAX));
  soa->retry = static_cast<uint32_t>(node.Int("retry", soa->retry, 0, INT32_MAX));
  soa->expire = static_cast<uint32_t>(node.Int("expire", soa->expire, 0, INT32_MAX));
}

void ReadControllers(const core::ConfigNode& node, ControllerConfig* controllers) {
  controllers->endpoints = node.StringList("endpoints", controllers->endpoints);
  for (size_t i = 0; i < controllers->endpoints.size(); ++i) {
    const std::string& url = controllers->endpoints[i];
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      node.Error("endpoints[" + std::to_string(i) + "]", "must start with http:// or https://");
    }
  }
  if (controllers->endpoints.empty()) node.Error("endpoints", "at least one controller is needed");
  controllers->username = node.String("username");
  controllers->password = node.String("password");
  controllers->tls_verify = node.Bool("tlsVerify", true);
  controllers->sync_mode = node.Enum("syncMode", "auto", {"auto", "longpoll", "poll"});
  controllers->long_poll_wait = std::chrono::seconds(node.Int("longPollWaitSeconds", 10, 1, 60));
  controllers->poll_interval =
      std::chrono::milliseconds(node.Int("pollIntervalMs", 1000, 10, 600000));
  controllers->request_timeout =
      std::chrono::milliseconds(node.Int("requestTimeoutMs", 5000, 100, 600000));
}

void ReadForward(const core::ConfigNode& node, ForwardConfig* forward) {
  forward->servers = AddressList(node, "servers", {}, 53);
  forward->timeout_ms = static_cast<int>(node.Int("timeoutMs", forward->timeout_ms, 10, 60000));
  forward->tries = static_cast<int>(node.Int("tries", forward->tries, 1, 10));
  forward->cache_entries = static_cast<size_t>(node.Int("cacheEntries", 10000, 0, 10'000'000));
}

void ReadGateway(const core::ConfigNode& node, std::vector<std::string>* ipv4,
                 std::vector<std::string>* ipv6) {
  *ipv4 = IpList(node, "ipv4", AF_INET);
  *ipv6 = IpList(node, "ipv6", AF_INET6);
}

// Which zone names the file sets itself; each cluster's zone supplies the rest (ns.<zone>, ...).
struct GivenZoneNames {
  bool mname = false;
  bool rname = false;
  bool name_servers = false;
};

ClusterConfig WithZoneNames(const DnsConfig& config, const GivenZoneNames& given,
                            ClusterConfig cluster) {
  cluster.soa = config.soa;
  if (!given.mname) cluster.soa.mname = Prefixed("ns", cluster.zone);
  if (!given.rname) cluster.soa.rname = Prefixed("hostmaster", cluster.zone);
  cluster.name_servers =
      given.name_servers ? config.name_servers : std::vector<Name>{cluster.soa.mname};
  return cluster;
}

// Metric labels and log fields carry the name as it is: keep it to one plain DNS-like label.
bool ValidClusterName(const std::string& name) {
  if (name.empty() || name.size() > kMaxLabelLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

ClusterConfig ReadCluster(const core::ConfigNode& item, const DnsConfig& config) {
  ClusterConfig cluster;
  cluster.name = item.RequiredString("name");
  if (!cluster.name.empty() && !ValidClusterName(cluster.name)) {
    item.Error("name", "must be 1-63 lower-case letters, digits or '-'");
  }
  if (!item.Has("zone")) item.Error("zone", "is required (the apex of this cluster's zone)");
  cluster.zone = NameValue(item, "zone", Name()).Lowercased();
  if (item.Has("zone") && cluster.zone.IsRoot()) {
    item.Error("zone", "must be below the root (the root would hold every other cluster's zone)");
  }
  ReadControllers(item.Child("controllers"), &cluster.controllers);
  cluster.gateway_ipv4 = config.gateway_ipv4;
  cluster.gateway_ipv6 = config.gateway_ipv6;
  // A cluster's `gateway:` replaces the top-level one as a whole: mixing one gateway's IPv4
  // with another's IPv6 would send clients to two different edges.
  if (item.Has("gateway")) {
    ReadGateway(item.Child("gateway"), &cluster.gateway_ipv4, &cluster.gateway_ipv6);
  }
  return cluster;
}

// Names unique; zones unique and not inside one another, so every name has at most one cluster.
void CheckClustersApart(const std::vector<core::ConfigNode>& items,
                        const std::vector<ClusterConfig>& clusters) {
  for (size_t i = 0; i < clusters.size(); ++i) {
    const ClusterConfig& a = clusters[i];
    for (size_t j = 0; j < i; ++j) {
      const ClusterConfig& b = clusters[j];
      const std::string other = items[j].path();
      if (!a.name.empty() && a.name == b.name) {
        items[i].Error("name", "must be unique (" + other + " is also named " + a.name + ")");
      }
      if (a.zone.IsRoot() || b.zone.IsRoot()) continue;
      if (a.zone == b.zone) {
        items[i].Error("zone",
                       "must be unique (" + other + " also serves " + a.zone.ToText() + ")");
      } else if (IsSubdomainOf(a.zone, b.zone) || IsSubdomainOf(b.zone, a.zone)) {
        items[i].Error("zone", "must not nest with another cluster's zone (" + a.zone.ToText() +
                                   " and " + other + ".zone " + b.zone.ToText() + ")");
      }
    }
  }
}

void ReadClusters(const core::ConfigNode& root, const GivenZoneNames& given, DnsConfig* config) {
  std::vector<core::ConfigNode> items = root.Children("clusters");
  if (items.empty()) root.Error("clusters", "must list at least one cluster");
  for (const core::ConfigNode& item : items) {
    config->clusters.push_back(WithZoneNames(*config, given, ReadCluster(item, *config)));
  }
  CheckClustersApart(items, config->clusters);
}

// `merged:` names clusters of the list; its zone may hold cluster zones (the longest suffix still
// routes their names to them) but may not be one of them or lie inside one.
void ReadMerged(const core::ConfigNode& root, const GivenZoneNames& given, DnsConfig* config) {
  core::ConfigNode node = root.Child("merged");
  config->merged.zone = NameValue(node, "zone", Name()).Lowercased();
  config->merged.clusters = node.StringList("clusters");
  if (!config->named_clusters) {
    root.Error("merged", "needs clusters: (it merges named clusters)");
    config->merged = MergedConfig{};
    return;
  }
  ClusterConfig apex;
  apex.zone = config->merged.zone;
  apex = WithZoneNames(*config, given, std::move(apex));
  config->merged.soa = apex.soa;
  config->merged.name_servers = apex.name_servers;
  if (!node.Has("zone")) {
    node.Error("zone", "is required (the apex of the merged zone)");
  } else if (config->merged.zone.IsRoot()) {
    node.Error("zone", "must be below the root");
  }
  for (const ClusterConfig& cluster : config->clusters) {
    if (!config->merged.zone.IsRoot() && IsSubdomainOf(config->merged.zone, cluster.zone)) {
      node.Error("zone", "must not be " + cluster.zone.ToText() + " or inside it (cluster " +
                             cluster.name + ")");
    }
  }
  if (config->merged.clusters.empty()) node.Error("clusters", "must name at least one cluster");
  for (size_t i = 0; i < config->merged.clusters.size(); ++i) {
    const std::string& name = config->merged.clusters[i];
    std::string key = "clusters[" + std::to_string(i) + "]";
    bool known = std::any_of(config->clusters.begin(), config->clusters.end(),
                             [&name](const ClusterConfig& c) { return c.name == name; });
    if (!known) node.Error(key, "no cluster is named " + name);
    if (std::count(config->merged.clusters.begin(), config->merged.clusters.begin() + i, name)) {
      node.Error(key, name + " is listed twice");
    }
  }
  for (size_t i = 0; i < config->clusters.size(); ++i) {
    if (config->clusters[i].name == kMergedZoneName) {
      root.Error("clusters[" + std::to_string(i) + "].name",
                 "merged is the merged: zone's name in logs and metrics");
    }
  }
}

// With `clusters:`, each cluster names its zone and controllers; top-level ones would be ignored
// silently, so they are an error (still read, so their own keys are not reported as unknown).
void RejectSingleClusterKeys(const core::ConfigNode& root) {
  if (root.Has("zone")) {
    NameValue(root, "zone", Name());
    root.Error("zone", "not allowed with clusters: (each cluster has its own zone)");
  }
  if (root.Has("controllers")) {
    ControllerConfig unused;
    ReadControllers(root.Child("controllers"), &unused);
    root.Error("controllers", "not allowed with clusters: (each cluster has its own controllers)");
  }
}

void ReadServing(const core::ConfigNode& root, DnsConfig* config) {
  core::ConfigNode listen = root.Child("listen");
  config->listen_udp = AddressList(listen, "udp", {"0.0.0.0:53"}, -1);
  config->listen_tcp = AddressList(listen, "tcp", {"0.0.0.0:53"}, -1);
  bool none_given = listen.Has("udp") && listen.Has("tcp") && listen.StringList("udp").empty() &&
                    listen.StringList("tcp").empty();
  if (none_given) {
    listen.Error("udp", "no UDP and no TCP address: nothing to serve");
  }
  config->threads = static_cast<int>(root.Int("threads", 1, 1, 64));
  config->edns_udp_size = static_cast<uint16_t>(root.Int("ednsUdpSize", 1232, 512, 4096));
  core::ConfigNode tcp = root.Child("tcp");
  config->tcp_idle_timeout =
      std::chrono::milliseconds(tcp.Int("idleTimeoutMs", 10000, 100, 3600000));
  config->tcp_max_connections = static_cast<int>(tcp.Int("maxConnections", 256, 1, 100000));
}

GivenZoneNames ReadZoneNames(const core::ConfigNode& root, DnsConfig* config) {
  core::ConfigNode soa = root.Child("soa");
  ReadSoa(soa, config->zone, &config->soa);
  GivenZoneNames given;
  given.mname = !soa.String("mname").empty();
  given.rname = !soa.String("rname").empty();
  std::vector<std::string> ns_texts = root.StringList("nameServers");
  for (size_t i = 0; i < ns_texts.size(); ++i) {
    auto name = NameFromText(ns_texts[i]);
    if (name.ok()) {
      config->name_servers.push_back(*name);
    } else {
      root.Error("nameServers[" + std::to_string(i) + "]", name.error());
    }
  }
  given.name_servers = !config->name_servers.empty();
  if (config->name_servers.empty()) config->name_servers.push_back(config->soa.mname);
  config->name_server_ipv4 = IpList(root, "nameServerIpv4", AF_INET);
  config->name_server_ipv6 = IpList(root, "nameServerIpv6", AF_INET6);
  return given;
}

core::Result<DnsConfig> Read(core::Result<core::ConfigFile> file) {
  if (!file.ok()) return file.status();
  core::ConfigNode root = file->root();
  DnsConfig config;
  config.named_clusters = root.Has("clusters");
  if (config.named_clusters) {
    RejectSingleClusterKeys(root);
  } else {
    if (!root.Has("zone")) root.Error("zone", "is required (the apex of the served zone)");
    config.zone = NameValue(root, "zone", Name()).Lowercased();
    ReadControllers(root.Child("controllers"), &config.controllers);
  }
  ReadServing(root, &config);
  ReadGateway(root.Child("gateway"), &config.gateway_ipv4, &config.gateway_ipv6);
  ReadTtls(root.Child("ttl"), &config.ttl);
  GivenZoneNames given = ReadZoneNames(root, &config);
  ReadForward(root.Child("forward"), &config.forward);
  core::ConfigNode metrics = root.Child("metrics");
  config.metrics_address = metrics.String("address", config.metrics_address);
  config.metrics_port = static_cast<int>(metrics.Int("port", config.metrics_port, 0, 65535));
  config.metrics_server = core::ReadHttpServerOptions(metrics, config.metrics_server);
  config.tls = core::ReadTlsConfig(root.Child("tls"));
  config.log_level = root.Enum("logLevel", "info", {"debug", "info", "warn", "error"});
  if (config.named_clusters) {
    ReadClusters(root, given, &config);
  } else {
    config.clusters.push_back(ClusterConfig{kImplicitCluster, config.zone, config.controllers,
                                            config.gateway_ipv4, config.gateway_ipv6, config.soa,
                                            config.name_servers});
  }
  if (root.Has("merged")) ReadMerged(root, given, &config);
  if (core::Status status = file->Finish(); !status.ok()) return status;
  return config;
}

}  // namespace

core::Result<DnsConfig> LoadDnsConfig(const std::string& path) {
  return Read(core::ConfigFile::Load(path));
}

core::Result<DnsConfig> ParseDnsConfig(const std::string& text, const std::string& name) {
  return Read(core::ConfigFile::Parse(text, name));
}

DnsConfig ConfigForCluster(const DnsConfig& config, const ClusterConfig& cluster) {
  DnsConfig out = config;
  out.clusters.clear();
  out.zone = cluster.zone;
  out.controllers = cluster.controllers;
  out.gateway_ipv4 = cluster.gateway_ipv4;
  out.gateway_ipv6 = cluster.gateway_ipv6;
  out.soa = cluster.soa;
  out.name_servers = cluster.name_servers;
  return out;
}

DnsConfig ConfigForMerged(const DnsConfig& config, const ClusterConfig& member) {
  DnsConfig out = ConfigForCluster(config, member);
  out.zone = config.merged.zone;
  out.soa = config.merged.soa;
  out.name_servers = config.merged.name_servers;
  return out;
}

}  // namespace drove::dns
