// dns.yml reading: defaults, every key, and one `file:key: reason` line per problem.
#include "dns-server/config/dns_config.h"

#include <boost/test/unit_test.hpp>

namespace drove::dns {

BOOST_AUTO_TEST_SUITE(dns_config)

BOOST_AUTO_TEST_CASE(minimal_file_takes_documented_defaults) {
  auto config = ParseDnsConfig("zone: Drove.Example\n", "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->zone.ToText() == "drove.example.");
  BOOST_TEST(config->listen_udp.size() == 1u);
  BOOST_TEST(config->listen_udp[0].ToText() == "0.0.0.0:53");
  BOOST_TEST(config->listen_tcp[0].ToText() == "0.0.0.0:53");
  BOOST_TEST(config->threads == 1);
  BOOST_TEST(config->edns_udp_size == 1232);
  BOOST_TEST(config->ttl.srv == 30u);
  BOOST_TEST(config->ttl.negative == 5u);
  BOOST_TEST(config->soa.mname.ToText() == "ns.drove.example.");
  BOOST_TEST(config->soa.rname.ToText() == "hostmaster.drove.example.");
  BOOST_REQUIRE(config->name_servers.size() == 1u);
  BOOST_TEST(config->name_servers[0].ToText() == "ns.drove.example.");
  BOOST_TEST(config->controllers.endpoints.front() == "http://127.0.0.1:4000");
  BOOST_TEST(config->forward.servers.empty());
  BOOST_TEST(config->metrics_port == 9153);
  BOOST_TEST(config->tcp_max_connections == 256);
}

BOOST_AUTO_TEST_CASE(every_key_is_read) {
  auto config = ParseDnsConfig(R"(
zone: apps.test.
listen: {udp: ["127.0.0.1:1053", "[::1]:1053"], tcp: ["127.0.0.2:1054"]}
threads: 2
ednsUdpSize: 1400
tcp: {idleTimeoutMs: 500, maxConnections: 3}
controllers:
  endpoints: ["http://127.0.0.1:4000", "https://c2:4000"]
  username: u
  password: p
  tlsVerify: false
  longPollWaitSeconds: 5
  pollIntervalMs: 250
  requestTimeoutMs: 1000
gateway: {ipv4: ["10.0.0.1"], ipv6: ["fd00::1"]}
ttl: {srv: 10, address: 11, soa: 12, negative: 13, ns: 14}
soa: {mname: a.apps.test, rname: admin.apps.test, refresh: 1, retry: 2, expire: 3}
nameServers: [ns1.apps.test, ns2.other.]
nameServerIpv4: ["10.0.0.53"]
nameServerIpv6: ["fd00::53"]
forward: {servers: ["1.1.1.1", "[2606:4700::1111]:5353"], timeoutMs: 300, tries: 1, cacheEntries: 5}
metrics: {address: 0.0.0.0, port: 0}
logLevel: debug
)",
                               "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->listen_udp.size() == 2u);
  BOOST_TEST(config->listen_udp[1].ToText() == "[::1]:1053");
  BOOST_TEST(config->listen_tcp[0].ToText() == "127.0.0.2:1054");
  BOOST_TEST(config->threads == 2);
  BOOST_TEST(config->edns_udp_size == 1400);
  BOOST_TEST(config->tcp_idle_timeout.count() == 500);
  BOOST_TEST(config->controllers.endpoints.size() == 2u);
  BOOST_TEST(!config->controllers.tls_verify);
  BOOST_TEST(config->controllers.poll_interval.count() == 250);
  BOOST_TEST(config->gateway_ipv6.front() == "fd00::1");
  BOOST_TEST(config->ttl.ns == 14u);
  BOOST_TEST(config->soa.expire == 3u);
  BOOST_TEST(config->name_servers.size() == 2u);
  BOOST_TEST(config->forward.servers[0].ToText() == "1.1.1.1:53");
  BOOST_TEST(config->forward.servers[1].port() == 5353);
  BOOST_TEST(config->forward.cache_entries == 5u);
  BOOST_TEST(config->metrics_port == 0);
  BOOST_TEST(config->log_level == "debug");
}

BOOST_AUTO_TEST_CASE(missing_zone_is_an_error) {
  auto config = ParseDnsConfig("threads: 1\n", "dns.yml");
  BOOST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().find("dns.yml:zone: is required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_values_are_reported_one_per_line) {
  auto config = ParseDnsConfig(R"(
zone: a.test
threads: 0
ednsUdpSize: 100
listen: {udp: ["localhost:53"], tcp: ["127.0.0.1"]}
gateway: {ipv4: ["::1"]}
forward: {servers: ["1.1.1.1:99999"]}
ttl: {srvv: 3}
)",
                               "dns.yml");
  BOOST_REQUIRE(!config.ok());
  const std::string& e = config.error();
  BOOST_TEST(e.find("dns.yml:threads:") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:ednsUdpSize:") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:listen.udp[0]: not a numeric IP address") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:listen.tcp[0]: a port is required") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:gateway.ipv4[0]: not an IPv4 address") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:forward.servers[0]: bad port") != std::string::npos);
  BOOST_TEST(e.find("dns.yml:ttl.srvv: unknown key") != std::string::npos);
  BOOST_TEST(std::count(e.begin(), e.end(), '\n') == 6);
}

BOOST_AUTO_TEST_CASE(controller_urls_need_a_scheme) {
  auto config = ParseDnsConfig("zone: a.test\ncontrollers: {endpoints: [\"c1:4000\"]}\n", "f");
  BOOST_REQUIRE(!config.ok());
  BOOST_TEST(config.error() == "f:controllers.endpoints[0]: must start with http:// or https://");
}

BOOST_AUTO_TEST_CASE(tls_section_and_metrics_limits_are_read) {
  // The reader checks only that the files are readable: /dev/null stands in for PEM files.
  auto config = ParseDnsConfig(R"(
zone: drove.example
controllers: {endpoints: ["https://ctl:4000"]}
metrics: {port: 9443, maxBodyBytes: 4096}
tls: {certFile: /dev/null, keyFile: /dev/null, caFile: /dev/null}
)", "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->tls.serving());
  BOOST_TEST(config->tls.ca_file == "/dev/null");
  BOOST_TEST(config->metrics_server.max_body_bytes == 4096u);
  BOOST_TEST(config->controllers.tls_verify);
  auto missing = ParseDnsConfig("zone: z\ntls: {caFile: /nonexistent/ca.crt}\n", "dns.yml");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().find("dns.yml:tls.caFile: cannot read /nonexistent/ca.crt") !=
                 std::string::npos,
             missing.error());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
