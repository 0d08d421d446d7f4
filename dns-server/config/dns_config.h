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

struct DnsConfig {
  Name zone;  // required
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
};

// Every problem at once, one `file:key.path: reason` per line.
core::Result<DnsConfig> LoadDnsConfig(const std::string& path);
core::Result<DnsConfig> ParseDnsConfig(const std::string& text, const std::string& name);

}  // namespace drove::dns
