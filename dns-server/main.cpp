// drove-dns: authoritative DNS for the vhosts of one or several Drove clusters, following each
// cluster's leader's endpoints.
//   drove-dns --config dns.yml [--check]
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "dns-server/config/dns_config.h"
#include "dns-server/forward/forwarder.h"
#include "dns-server/index/index_updater.h"
#include "dns-server/index/merged_zone.h"
#include "dns-server/index/zone_set.h"
#include "dns-server/metrics/metrics.h"
#include "dns-server/metrics/metrics_http.h"
#include "dns-server/server/tcp_server.h"
#include "dns-server/server/udp_server.h"
#include "orchestrator/core/discovery/endpoints_follower.h"
#include "orchestrator/core/net/basic_auth.h"
#include "orchestrator/core/net/config_check.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_reload.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

core::LogLevel ToLogLevel(const std::string& name) {
  if (name == "debug") return core::LogLevel::kDebug;
  if (name == "warn") return core::LogLevel::kWarn;
  if (name == "error") return core::LogLevel::kError;
  return core::LogLevel::kInfo;
}

discovery::FollowerOptions FollowerOptionsOf(const ControllerConfig& controllers,
                                             const core::TlsConfig& tls) {
  discovery::FollowerOptions options;
  options.controllers = controllers.endpoints;
  if (!controllers.username.empty()) {
    options.authorization = core::BasicAuthHeader(controllers.username, controllers.password);
  }
  options.tls = tls;
  if (!controllers.tls_verify) options.tls.insecure = true;
  if (controllers.sync_mode == "longpoll") options.mode = discovery::SyncMode::kLongPoll;
  if (controllers.sync_mode == "poll") options.mode = discovery::SyncMode::kPoll;
  options.long_poll_wait = controllers.long_poll_wait;
  options.poll_interval = controllers.poll_interval;
  options.request_timeout = controllers.request_timeout;
  return options;
}

// One cluster's sync: its own resolver (a slow DNS lookup for one cluster's executors must not
// delay another's), updater and follower thread.
struct ClusterSync {
  ClusterSync(const DnsConfig& config, const ClusterConfig& cluster, ClusterZone* zone,
              IndexUpdater::SwapFn on_swap)
      : updater(ConfigForCluster(config, cluster), zone, &resolver, std::move(on_swap)),
        follower(
            FollowerOptionsOf(cluster.controllers, config.tls),
            [this](const discovery::EndpointsSnapshot& snapshot) { updater.OnSnapshot(snapshot); },
            [this](const std::string& error) { updater.OnError(error); }) {}

  discovery::HostResolver resolver;
  IndexUpdater updater;
  discovery::EndpointsFollower follower;
};

// The clusters' zones in config order, then the merged zone when there is one.
ZoneSet MakeZones(const DnsConfig& config) {
  std::vector<ZoneSet::Zone> zones;
  for (const ClusterConfig& cluster : config.clusters)
    zones.push_back({cluster.name, cluster.zone});
  if (!config.merged.clusters.empty()) zones.push_back({kMergedZoneName, config.merged.zone});
  return ZoneSet(zones, config.edns_udp_size, config.named_clusters);
}

std::unique_ptr<MergedZone> MakeMerged(const DnsConfig& config, ZoneSet* zones) {
  if (config.merged.clusters.empty()) return nullptr;
  std::vector<MergedMember> members;
  for (const std::string& name : config.merged.clusters) {
    for (const ClusterConfig& cluster : config.clusters) {
      if (cluster.name != name) continue;
      members.push_back({name, cluster.zone, ConfigForMerged(config, cluster), nullptr});
    }
  }
  return std::make_unique<MergedZone>(config.merged.zone, std::move(members),
                                      &zones->cluster(zones->size() - 1));
}

// What a cluster's updater tells the merged zone after each swap (nothing when not a member).
IndexUpdater::SwapFn MergedFeed(const DnsConfig& config, const std::string& cluster,
                                MergedZone* merged) {
  for (size_t k = 0; merged && k < config.merged.clusters.size(); ++k) {
    if (config.merged.clusters[k] != cluster) continue;
    return [merged, k](std::shared_ptr<const IndexInput> input) {
      merged->Update(k, std::move(input));
    };
  }
  return nullptr;
}

void LogStarted(const DnsConfig& config) {
  for (const ClusterConfig& cluster : config.clusters) {
    DLOG_INFO("following cluster",
              {{"cluster", cluster.name},
               {"zone", cluster.zone.ToText()},
               {"controllers", std::to_string(cluster.controllers.endpoints.size())},
               {"gatewayIpv4", std::to_string(cluster.gateway_ipv4.size())},
               {"gatewayIpv6", std::to_string(cluster.gateway_ipv6.size())}});
  }
  if (!config.merged.clusters.empty()) {
    std::string order;
    for (const std::string& name : config.merged.clusters)
      order += (order.empty() ? "" : ",") + name;
    DLOG_INFO(
        "serving merged zone",
        {{"cluster", kMergedZoneName}, {"zone", config.merged.zone.ToText()}, {"order", order}});
  }
  DLOG_INFO("drove-dns started", {{"clusters", std::to_string(config.clusters.size())},
                                  {"threads", std::to_string(config.threads)},
                                  {"forwarders", std::to_string(config.forward.servers.size())},
                                  {"metricsPort", std::to_string(config.metrics_port)},
                                  {"metricsScheme", config.tls.serving() ? "https" : "http"}});
}

int Fail(const std::string& what, const core::Status& status) {
  DLOG_ERROR("cannot start", {{"step", what}, {"error", status.message()}});
  return 1;
}

int Run(const DnsConfig& config) {
  core::SetLogComponent("dns");
  core::SetLogLevel(ToLogLevel(config.log_level));
  Metrics metrics;
  ZoneSet zones = MakeZones(config);
  std::unique_ptr<Forwarder> forwarder;
  if (!config.forward.servers.empty()) {
    forwarder = std::make_unique<Forwarder>(config.forward, &metrics);
    if (auto status = forwarder->Start(); !status.ok()) return Fail("forwarder", status);
  }
  UdpServer udp(&zones, &metrics, forwarder.get());
  for (const SocketAddress& address : config.listen_udp) {
    if (auto status = udp.Listen(address, config.threads); !status.ok()) return Fail("udp", status);
  }
  TcpServer tcp(&zones, &metrics, forwarder.get(),
                TcpOptions{config.tcp_idle_timeout, config.tcp_max_connections});
  for (const SocketAddress& address : config.listen_tcp) {
    if (auto status = tcp.Listen(address); !status.ok()) return Fail("tcp", status);
  }
  core::EventLoop loop;
  core::HttpServerOptions http_options = config.metrics_server;
  http_options.tls = config.tls;
  core::HttpServer http(loop, http_options);
  if (config.metrics_port > 0) {
    if (auto status = http.Bind(config.metrics_address, config.metrics_port); !status.ok()) {
      return Fail("metrics", status);
    }
    AddMetricsRoutes(&http, &metrics, &zones);
  }
  std::unique_ptr<MergedZone> merged = MakeMerged(config, &zones);  // outlives the followers
  std::vector<std::unique_ptr<ClusterSync>> syncs;
  for (size_t i = 0; i < config.clusters.size(); ++i) {
    const ClusterConfig& cluster = config.clusters[i];
    syncs.push_back(std::make_unique<ClusterSync>(config, cluster, &zones.cluster(i),
                                                  MergedFeed(config, cluster.name, merged.get())));
  }
  udp.Start();
  if (auto status = tcp.Start(); !status.ok()) return Fail("tcp", status);
  for (auto& sync : syncs) sync->follower.Start();
  LogStarted(config);
  core::ReloadTlsOnSighup(loop, {&http}, config.tls);
  loop.StopOnSignals();
  loop.Run();
  DLOG_INFO("drove-dns stopping");
  for (auto& sync : syncs) sync->follower.RequestStop();  // all at once, then each joined
  for (auto& sync : syncs) sync->follower.Stop();
  udp.Stop();
  tcp.Stop();
  if (forwarder) forwarder->Stop();
  return 0;
}

}  // namespace
}  // namespace drove::dns

int main(int argc, char** argv) {
  std::string config_path;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "--check") == 0) {
      check_only = true;
    } else {
      std::cerr << "usage: drove-dns --config dns.yml [--check]\n";
      return 2;
    }
  }
  if (config_path.empty()) {
    std::cerr << "usage: drove-dns --config dns.yml [--check]\n";
    return 2;
  }
  auto config = drove::dns::LoadDnsConfig(config_path);
  if (!config.ok()) {
    std::cerr << config.error() << "\n";
    return 1;
  }
  if (check_only) {
    return drove::core::ReportConfigCheck("drove-dns", config_path, drove::core::Status::Ok());
  }
  return drove::dns::Run(*config);
}
