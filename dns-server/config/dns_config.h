// drove-dns configuration (dns.yml), read strictly: see dns-server/README.md for every key.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "dns-server/codec/name.h"
#include "dns-server/config/socket_address.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

struct TtlConfig {
  uint32_t srv = 30;
  uint32_t address = 30;
  uint32_t soa = 30;
  uint32_t negative = 5;
  uint32_t ns = 3600;
};

struct SoaConfig {
  Name mname;  // default ns.<zone>
  Name rname;  // default hostmaster.<zone>
  uint32_t refresh = 3600;
  uint32_t retry = 600;
  uint32_t expire = 86400;
};

struct ForwardConfig {
  std::vector<SocketAddress> servers;  // empty: REFUSED outside the zone
  int timeout_ms = 2000;
  int tries = 2;
  size_t cache_entries = 10000;
};

struct ControllerConfig {
  std::vector<std::string> endpoints{"http://127.0.0.1:4000"};
  std::string username;
  std::string password;
  bool tls_verify = true;          // false: as tls.insecure, for these calls
  std::string sync_mode = "auto";  // auto | longpoll | poll (discovery::SyncMode)
  std::chrono::seconds long_poll_wait{10};
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds request_timeout{5000};
};

// One Drove cluster drove-dns follows: its zone, its controllers and the gateways in front of it.
struct ClusterConfig {
  std::string name;  // kImplicitCluster when the file has no `clusters:`
  Name zone;         // lowercased
  ControllerConfig controllers;
  std::vector<std::string> gateway_ipv4;
  std::vector<std::string> gateway_ipv6;
  SoaConfig soa;                   // soa.mname / rname default under this cluster's zone
  std::vector<Name> name_servers;  // default {soa.mname}
};

// The name of the one cluster of a file without `clusters:` (logs, /health).
inline constexpr char kImplicitCluster[] = "default";
// The name the `merged:` zone goes by in logs, metrics and /health (no cluster may take it).
inline constexpr char kMergedZoneName[] = "merged";

// `merged:`: `<name>.<zone>` answers from the first of `clusters` that currently has a healthy
// instance of `<name>.<that cluster's zone>` (primary first, then the backups).
struct MergedConfig {
  Name zone;                          // lowercased
  std::vector<std::string> clusters;  // cluster names, primary first; empty = no merged zone
  SoaConfig soa;                      // soa.mname / rname default under the merged zone
  std::vector<Name> name_servers;
};

struct DnsConfig {
  Name zone;  // required without `clusters:`; the root name with it
  std::vector<SocketAddress> listen_udp;
  std::vector<SocketAddress> listen_tcp;
  int threads = 1;
  uint16_t edns_udp_size = 1232;
  std::chrono::milliseconds tcp_idle_timeout{10000};
  int tcp_max_connections = 256;
  ControllerConfig controllers;
  std::vector<std::string> gateway_ipv4;  // validated numeric addresses
  std::vector<std::string> gateway_ipv6;
  TtlConfig ttl;
  SoaConfig soa;
  std::vector<Name> name_servers;  // default {soa.mname}
  std::vector<std::string> name_server_ipv4;
  std::vector<std::string> name_server_ipv6;
  ForwardConfig forward;
  std::string metrics_address = "127.0.0.1";
  int metrics_port = 9153;                 // 0 = off
  core::HttpServerOptions metrics_server;  // metrics' limits (http_server_config.h); tls apart
  // tls: the metrics port serves HTTPS with certFile/keyFile; caFile verifies https://
  // controllers, which get the certificate as a client certificate when they ask for one
  core::TlsConfig tls;
  std::string log_level = "info";
  // Never empty once read: the `clusters:` list, or one kImplicitCluster item made of the
  // top-level zone, controllers, gateway, soa and nameServers.
  std::vector<ClusterConfig> clusters;
  bool named_clusters = false;  // true when the file has `clusters:` (metrics carry the label)
  MergedConfig merged;          // only with `clusters:`
};

// `config` as one cluster sees it: the cluster's zone, controllers, gateways, SOA and name servers
// in place of the top-level ones (what the index builder reads).
DnsConfig ConfigForCluster(const DnsConfig& config, const ClusterConfig& cluster);
// The same for the merged zone's answers taken from `member`: its gateways, the merged zone's
// apex.
DnsConfig ConfigForMerged(const DnsConfig& config, const ClusterConfig& member);

// Every problem at once, one `file:key.path: reason` per line.
core::Result<DnsConfig> LoadDnsConfig(const std::string& path);
core::Result<DnsConfig> ParseDnsConfig(const std::string& text, const std::string& name);

}  // namespace drove::dns
