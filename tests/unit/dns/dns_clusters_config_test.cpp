// dns.yml `clusters:`: each cluster's zone, controllers and gateways, and every rule's error
// naming its key.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "dns-server/config/dns_config.h"
#include "dns_test_packets.h"

namespace drove::dns {
namespace {

constexpr char kTwoClusters[] = R"(
gateway: {ipv4: ["192.0.2.1"]}
clusters:
  - name: a
    zone: A.Drove.Test
    controllers: {endpoints: ["http://127.0.0.1:4001"], username: u, password: p}
    gateway: {ipv4: ["198.51.100.1"], ipv6: ["2001:db8::1"]}
  - name: b-2
    zone: b.drove.test
    controllers: {endpoints: ["https://c2:4000", "https://c3:4000"], syncMode: poll}
)";

std::string ErrorOf(const std::string& text) {
  auto config = ParseDnsConfig(text, "dns.yml");
  BOOST_REQUIRE_MESSAGE(!config.ok(), "expected an error for:\n" + text);
  return config.error();
}

bool Has(const std::string& errors, const std::string& line) {
  return errors.find(line) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dns_clusters_config)

BOOST_AUTO_TEST_CASE(each_cluster_has_its_zone_controllers_and_gateways) {
  auto config = ParseDnsConfig(kTwoClusters, "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->named_clusters);
  BOOST_REQUIRE(config->clusters.size() == 2u);
  const ClusterConfig& a = config->clusters[0];
  const ClusterConfig& b = config->clusters[1];
  BOOST_TEST(a.name == "a");
  BOOST_TEST(a.zone.ToText() == "a.drove.test.");
  BOOST_TEST(a.controllers.endpoints == std::vector<std::string>{"http://127.0.0.1:4001"});
  BOOST_TEST(a.controllers.username == "u");
  BOOST_TEST(a.gateway_ipv4 == std::vector<std::string>{"198.51.100.1"});
  BOOST_TEST(a.gateway_ipv6 == std::vector<std::string>{"2001:db8::1"});
  BOOST_TEST(b.name == "b-2");
  BOOST_TEST(b.controllers.endpoints.size() == 2u);
  BOOST_TEST(b.controllers.sync_mode == "poll");
  BOOST_TEST(b.controllers.long_poll_wait.count() == 10);  // the same defaults as today's key
  // No gateway of its own: the top-level one.
  BOOST_TEST(b.gateway_ipv4 == std::vector<std::string>{"192.0.2.1"});
  BOOST_TEST(b.gateway_ipv6.empty());
}

BOOST_AUTO_TEST_CASE(soa_and_name_servers_default_under_each_zone) {
  auto config = ParseDnsConfig(kTwoClusters, "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  DnsConfig b = ConfigForCluster(*config, config->clusters[1]);
  BOOST_TEST(b.zone.ToText() == "b.drove.test.");
  BOOST_TEST(b.soa.mname.ToText() == "ns.b.drove.test.");
  BOOST_TEST(b.soa.rname.ToText() == "hostmaster.b.drove.test.");
  BOOST_REQUIRE(b.name_servers.size() == 1u);
  BOOST_TEST(b.name_servers[0].ToText() == "ns.b.drove.test.");
  BOOST_TEST(b.controllers.endpoints.size() == 2u);
  BOOST_TEST(b.clusters.empty());
}

BOOST_AUTO_TEST_CASE(given_soa_names_and_name_servers_apply_to_every_zone) {
  auto config = ParseDnsConfig(
      std::string(kTwoClusters) + "soa: {mname: ns1.drove.test}\nnameServers: [ns1.drove.test]\n",
      "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  for (const ClusterConfig& cluster : config->clusters) {
    DnsConfig view = ConfigForCluster(*config, cluster);
    BOOST_TEST(view.soa.mname.ToText() == "ns1.drove.test.");
    BOOST_TEST(view.soa.rname.ToText() == "hostmaster." + cluster.zone.ToText());
    BOOST_TEST(view.name_servers.at(0).ToText() == "ns1.drove.test.");
  }
}

BOOST_AUTO_TEST_CASE(without_clusters_one_implicit_cluster_carries_the_top_level_keys) {
  auto config = ParseDnsConfig(
      "zone: drove.test\ncontrollers: {endpoints: [\"http://c:1\"]}\ngateway: {ipv6: [\"::1\"]}\n",
      "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(!config->named_clusters);
  BOOST_REQUIRE(config->clusters.size() == 1u);
  const ClusterConfig& only = config->clusters[0];
  BOOST_TEST(only.name == kImplicitCluster);
  BOOST_TEST(only.zone == config->zone);
  BOOST_TEST(only.controllers.endpoints == config->controllers.endpoints);
  BOOST_TEST(only.gateway_ipv6 == config->gateway_ipv6);
  BOOST_TEST(only.soa.mname == config->soa.mname);
  BOOST_TEST(only.name_servers == config->name_servers);
}

BOOST_AUTO_TEST_CASE(top_level_zone_or_controllers_beside_clusters_are_errors) {
  std::string e = ErrorOf(std::string(kTwoClusters) +
                          "zone: drove.test\ncontrollers: {endpoints: [\"http://c:1\"]}\n");
  BOOST_TEST(Has(e, "dns.yml:zone: not allowed with clusters:"), e);
  BOOST_TEST(Has(e, "dns.yml:controllers: not allowed with clusters:"), e);
  BOOST_TEST(std::count(e.begin(), e.end(), '\n') == 1, e);  // two lines, nothing else
}

BOOST_AUTO_TEST_CASE(cluster_name_and_zone_are_required) {
  std::string e = ErrorOf("clusters:\n  - controllers: {endpoints: [\"http://c:1\"]}\n");
  BOOST_TEST(Has(e, "dns.yml:clusters[0].name: is required"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].zone: is required"), e);
}

BOOST_AUTO_TEST_CASE(cluster_names_are_lower_case_labels) {
  for (const char* name : {"Prod", "a_b", "a.b", "\"\"", "\"x y\""}) {
    std::string e = ErrorOf(std::string("clusters:\n  - {name: ") + name + ", zone: a.test}\n");
    BOOST_TEST(Has(e, "dns.yml:clusters[0].name: "), e);
  }
}

BOOST_AUTO_TEST_CASE(cluster_names_and_zones_are_unique) {
  std::string e = ErrorOf(R"(
clusters:
  - {name: a, zone: a.test}
  - {name: a, zone: A.Test.}
)");
  BOOST_TEST(Has(e, "dns.yml:clusters[1].name: must be unique (clusters[0] is also named a)"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[1].zone: must be unique (clusters[0] also serves a.test.)"),
             e);
}

BOOST_AUTO_TEST_CASE(zones_inside_one_another_are_refused_but_siblings_are_fine) {
  std::string e = ErrorOf(R"(
clusters:
  - {name: parent, zone: drove.test}
  - {name: child, zone: a.drove.test}
)");
  BOOST_TEST(Has(e,
                 "dns.yml:clusters[1].zone: must not nest with another cluster's zone "
                 "(a.drove.test. and clusters[0].zone drove.test.)"),
             e);
  std::string reversed = ErrorOf(R"(
clusters:
  - {name: child, zone: a.drove.test}
  - {name: parent, zone: drove.test}
)");
  BOOST_TEST(Has(reversed, "dns.yml:clusters[1].zone: must not nest"), reversed);
  auto siblings = ParseDnsConfig(R"(
clusters:
  - {name: a, zone: a.drove.test}
  - {name: b, zone: b.drove.test}
  - {name: c, zone: xa.drove.test}
)",
                                 "dns.yml");
  BOOST_TEST(siblings.ok(), (siblings.ok() ? "" : siblings.error()));
}

BOOST_AUTO_TEST_CASE(root_zone_and_empty_list_are_refused) {
  std::string root = ErrorOf("clusters:\n  - {name: a, zone: .}\n");
  BOOST_TEST(Has(root, "dns.yml:clusters[0].zone: must be below the root"), root);
  std::string empty = ErrorOf("clusters: []\n");
  BOOST_TEST(Has(empty, "dns.yml:clusters: must list at least one cluster"), empty);
  std::string scalar = ErrorOf("clusters: a\n");
  BOOST_TEST(Has(scalar, "dns.yml:clusters: must be a list"), scalar);
}

BOOST_AUTO_TEST_CASE(cluster_controllers_and_gateway_are_checked_like_the_top_level_ones) {
  std::string e = ErrorOf(R"(
clusters:
  - name: a
    zone: a.test
    controllers: {endpoints: ["c1:4000"], syncMode: sometimes, colour: red}
    gateway: {ipv4: ["::1"], ipv6: ["10.0.0.1"]}
    extra: 1
)");
  BOOST_TEST(Has(e, "dns.yml:clusters[0].controllers.endpoints[0]: must start with http://"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].controllers.syncMode:"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].controllers.colour: unknown key"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].gateway.ipv4[0]: not an IPv4 address"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].gateway.ipv6[0]: not an IPv6 address"), e);
  BOOST_TEST(Has(e, "dns.yml:clusters[0].extra: unknown key"), e);
}

BOOST_AUTO_TEST_CASE(merged_zone_names_known_clusters_and_keeps_out_of_their_zones) {
  const std::string two =
      "clusters: [{name: a, zone: a.drove.test}, {name: b, zone: b.drove.test}]\n";
  auto ok = ParseDnsConfig(two + "merged: {zone: drove.test, clusters: [b, a]}\n", "dns.yml");
  BOOST_REQUIRE_MESSAGE(ok.ok(), ok.error());
  BOOST_TEST(ok->merged.zone.ToText() == "drove.test.");
  BOOST_TEST(ok->merged.clusters == (std::vector<std::string>{"b", "a"}));
  BOOST_TEST(ok->merged.soa.mname.ToText() == "ns.drove.test.");
  std::string e = ErrorOf(two + "merged: {clusters: [a, c, a]}\n");
  BOOST_TEST(Has(e, "dns.yml:merged.zone: is required"), e);
  BOOST_TEST(Has(e, "dns.yml:merged.clusters[1]: no cluster is named c"), e);
  BOOST_TEST(Has(e, "dns.yml:merged.clusters[2]: a is listed twice"), e);
  e = ErrorOf(two + "merged: {zone: x.a.drove.test, clusters: []}\n");
  BOOST_TEST(Has(e, "dns.yml:merged.zone: must not be a.drove.test. or inside it (cluster a)"), e);
  BOOST_TEST(Has(e, "dns.yml:merged.clusters: must name at least one cluster"), e);
  e = ErrorOf("zone: drove.test\nmerged: {zone: m.test, clusters: [a]}\n");
  BOOST_TEST(e == "dns.yml:merged: needs clusters: (it merges named clusters)");
  e = ErrorOf(
      "clusters: [{name: merged, zone: a.test}]\nmerged: {zone: m.test, clusters: [merged]}\n");
  BOOST_TEST(Has(e, "dns.yml:clusters[0].name: merged is the merged: zone's name"), e);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
