// drove-dns: authoritative DNS for a Drove cluster's vhosts, following the leader's endpoints.
//   drove-dns --config dns.yml [--check]
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "dns-server/config/dns_config.h"
#include "dns-server/forward/forwarder.h"
#include "dns-server/index/index_holder.h"
#include "dns-server/index/index_updater.h"
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

int Fail(const std::string& what, const core::Status& status) {
  DLOG_ERROR("cannot start", {{"step", what}, {"error", status.message()}});
  return 1;
}

int Run(const DnsConfig& config) {
  core::SetLogComponent("dns");
  core::SetLogLevel(ToLogLevel(config.log_level));
  Metrics metrics;
  IndexHolder index(std::make_shared<const Index>(config.zone, config.edns_udp_size));
  std::unique_ptr<Forwarder> forwarder;
  if (!config.forward.servers.empty()) {
    forwarder = std::make_unique<Forwarder>(config.forward, &metrics);
    if (auto status = forwarder->Start(); !status.ok()) return Fail("forwarder", status);
  }
  UdpServer udp(&index, &metrics, forwarder.get());
  for (const SocketAddress& address : config.listen_udp) {
    if (auto status = udp.Listen(address, config.threads); !status.ok()) return Fail("udp", status);
  }
  TcpServer tcp(&index, &metrics, forwarder.get(),
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
    AddMetricsRoutes(&http, &metrics, &index);
  }
  discovery::HostResolver resolver;
  IndexUpdater updater(&config, &index, &metrics, &resolver);
  discovery::EndpointsFollower follower(
      FollowerOptionsOf(config.controllers, config.tls),
      [&updater](const discovery::EndpointsSnapshot& snapshot) { updater.OnSnapshot(snapshot); },
      [&updater](const std::string& error) { updater.OnError(error); });
  udp.Start();
  if (auto status = tcp.Start(); !status.ok()) return Fail("tcp", status);
  follower.Start();
  DLOG_INFO("drove-dns started", {{"zone", config.zone.ToText()},
                                  {"threads", std::to_string(config.threads)},
                                  {"forwarders", std::to_string(config.forward.servers.size())},
                                  {"metricsPort", std::to_string(config.metrics_port)},
                                  {"metricsScheme", config.tls.serving() ? "https" : "http"}});
  core::ReloadTlsOnSighup(loop, {&http}, config.tls);
  loop.StopOnSignals();
  loop.Run();
  DLOG_INFO("drove-dns stopping");
  follower.Stop();
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
