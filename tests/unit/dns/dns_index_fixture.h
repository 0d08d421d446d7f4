// A small zone built from hand-made endpoints, shared by the index and answer tests.
#pragma once

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index_builder.h"

namespace drove::dns::testing {

inline DnsConfig TestConfig(const std::string& extra = "") {
  auto config = ParseDnsConfig("zone: drove.test\n" + extra, "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  return *config;
}

inline core::ExposedAppInfo App(const std::string& id, const std::string& vhost,
                                std::vector<core::ExposedHost> hosts) {
  core::ExposedAppInfo app;
  app.app_id = id;
  app.app_name = id;
  app.vhost = vhost;
  app.hosts = std::move(hosts);
  return app;
}

// web.drove.test: two HTTP instances of port "Main"; Api.Svc.drove.test: one TCP instance of port
// "db"; other.example: skipped.
inline IndexInput TestInput() {
  IndexInput input;
  input.generation = 7;
  input.synced_at_ms = 1000;
  input.apps = {
      App("web-1", "web.drove.test",
          {{"exec1.local", 31000, core::PortType::kHttp, "Main"},
           {"exec2.local", 31001, core::PortType::kHttp, "Main"}}),
      App("api-1", "Api.Svc.drove.test", {{"Exec1.Local", 32000, core::PortType::kTcp, "db"}}),
      App("far-1", "other.example", {{"exec1.local", 33000, core::PortType::kHttp, "web"}}),
  };
  input.host_addresses["exec1.local"] = {{"10.0.0.1"}, {}};
  input.host_addresses["exec2.local"] = {{"10.0.0.2"}, {"fd00::2"}};
  return input;
}

inline std::shared_ptr<const Index> TestIndex(const std::string& extra_config = "") {
  return BuildIndex(TestConfig(extra_config), TestInput()).index;
}

}  // namespace drove::dns::testing
