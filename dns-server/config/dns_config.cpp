// Reads dns.yml through core's strict ConfigFile; names and addresses are validated here so that
// the server never sees a bad one.
#include "dns-server/config/dns_config.h"

#include <arpa/inet.h>

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

core::Result<DnsConfig> Read(core::Result<core::ConfigFile> file) {
  if (!file.ok()) return file.status();
  core::ConfigNode root = file->root();
  DnsConfig config;
  if (!root.Has("zone")) root.Error("zone", "is required (the apex of the served zone)");
  config.zone = NameValue(root, "zone", Name()).Lowercased();
  core::ConfigNode listen = root.Child("listen");
  config.listen_udp = AddressList(listen, "udp", {"0.0.0.0:53"}, -1);
  config.listen_tcp = AddressList(listen, "tcp", {"0.0.0.0:53"}, -1);
  bool none_given = listen.Has("udp") && listen.Has("tcp") && listen.StringList("udp").empty() &&
                    listen.StringList("tcp").empty();
  if (none_given) {
    listen.Error("udp", "no UDP and no TCP address: nothing to serve");
  }
  config.threads = static_cast<int>(root.Int("threads", 1, 1, 64));
  config.edns_udp_size = static_cast<uint16_t>(root.Int("ednsUdpSize", 1232, 512, 4096));
  core::ConfigNode tcp = root.Child("tcp");
  config.tcp_idle_timeout =
      std::chrono::milliseconds(tcp.Int("idleTimeoutMs", 10000, 100, 3600000));
  config.tcp_max_connections = static_cast<int>(tcp.Int("maxConnections", 256, 1, 100000));
  ReadControllers(root.Child("controllers"), &config.controllers);
  core::ConfigNode gateway = root.Child("gateway");
  config.gateway_ipv4 = IpList(gateway, "ipv4", AF_INET);
  config.gateway_ipv6 = IpList(gateway, "ipv6", AF_INET6);
  ReadTtls(root.Child("ttl"), &config.ttl);
  ReadSoa(root.Child("soa"), config.zone, &config.soa);
  std::vector<std::string> ns_texts = root.StringList("nameServers");
  for (size_t i = 0; i < ns_texts.size(); ++i) {
    auto name = NameFromText(ns_texts[i]);
    if (name.ok()) {
      config.name_servers.push_back(*name);
    } else {
      root.Error("nameServers[" + std::to_string(i) + "]", name.error());
    }
  }
  if (config.name_servers.empty()) config.name_servers.push_back(config.soa.mname);
  config.name_server_ipv4 = IpList(root, "nameServerIpv4", AF_INET);
  config.name_server_ipv6 = IpList(root, "nameServerIpv6", AF_INET6);
  ReadForward(root.Child("forward"), &config.forward);
  core::ConfigNode metrics = root.Child("metrics");
  config.metrics_address = metrics.String("address", config.metrics_address);
  config.metrics_port = static_cast<int>(metrics.Int("port", config.metrics_port, 0, 65535));
  config.metrics_server = core::ReadHttpServerOptions(metrics, config.metrics_server);
  config.tls = core::ReadTlsConfig(root.Child("tls"));
  config.log_level = root.Enum("logLevel", "info", {"debug", "info", "warn", "error"});
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

}  // namespace drove::dns
