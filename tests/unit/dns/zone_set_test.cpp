// Several clusters in one drove-dns: zone routing (longest suffix), one cluster's data and errors
// contained to its own zone, and the per-cluster metrics and /health.
#include "dns-server/index/zone_set.h"

#include <boost/test/unit_test.hpp>

#include "dns-server/index/index_updater.h"
#include "dns-server/metrics/metrics.h"
#include "dns-server/metrics/metrics_http.h"
#include "dns-server/server/answer.h"
#include "dns_index_fixture.h"
#include "dns_response_reader.h"
#include "dns_test_packets.h"

namespace drove::dns {
namespace {

constexpr uint16_t kA = 1, kSoa = 6, kSrv = 33;

constexpr char kClusters[] = R"(
clusters:
  - name: a
    zone: a.drove.test
    gateway: {ipv4: ["198.51.100.1"]}
  - name: b
    zone: b.drove.test
    gateway: {ipv4: ["192.0.2.1"]}
)";

DnsConfig Clusters() {
  auto config = ParseDnsConfig(kClusters, "dns.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  return *config;
}

ZoneSet ZonesOf(const DnsConfig& config) {
  std::vector<ZoneSet::Zone> zones;
  for (const ClusterConfig& cluster : config.clusters)
    zones.push_back({cluster.name, cluster.zone});
  return ZoneSet(zones, config.edns_udp_size, config.named_clusters);
}

discovery::EndpointsSnapshot Snapshot(int64_t generation, std::vector<core::ExposedAppInfo> apps) {
  discovery::EndpointsSnapshot snapshot;
  snapshot.generation = generation;
  snapshot.leader = "http://controller";
  snapshot.fetched_at_ms = 1000;
  snapshot.apps = std::move(apps);
  return snapshot;
}

core::ExposedAppInfo App(const std::string& id, const std::string& vhost, const std::string& host,
                         int32_t port) {
  return testing::App(id, vhost, {{host, port, core::PortType::kHttp, "main"}});
}

// Asks the way the servers do: every zone's current index, longest zone first.
testing::ReadResponse Ask(const ZoneSet& zones, const std::string& name, uint16_t qtype,
                          AnswerResult* result = nullptr, bool can_forward = false) {
  std::vector<std::shared_ptr<const Index>> held;
  std::vector<const Index*> view;
  zones.Load(&held, &view);
  std::vector<uint8_t> out;
  AnswerResult answered = AnswerQuery(view, testing::QueryPacket(7, name, qtype, true),
                                      Transport::kUdp, can_forward, &out);
  if (result) *result = answered;
  if (answered.action != AnswerResult::Action::kReply) return {};
  return testing::ReadBack(out);
}

// Both clusters synced once: web.a on 10.0.0.1:31000, web.b on 10.0.0.2:32000.
struct TwoClusters {
  DnsConfig config = Clusters();
  ZoneSet zones = ZonesOf(config);
  discovery::HostResolver resolver;  // numeric hosts: no lookups
  IndexUpdater a{ConfigForCluster(config, config.clusters[0]), &zones.cluster(0), &resolver};
  IndexUpdater b{ConfigForCluster(config, config.clusters[1]), &zones.cluster(1), &resolver};

  TwoClusters() {
    a.OnSnapshot(Snapshot(5, {App("web-a", "web.a.drove.test", "10.0.0.1", 31000)}));
    b.OnSnapshot(Snapshot(9, {App("web-b", "web.b.drove.test", "10.0.0.2", 32000)}));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(zone_set)

BOOST_AUTO_TEST_CASE(longest_zone_suffix_routes_the_name) {
  // The router does not rely on the config's no-nesting rule: the longer zone wins.
  auto parent = testing::TestIndex();  // drove.test
  DnsConfig child_config = testing::TestConfig();
  child_config.zone = *NameFromText("a.drove.test");
  auto child = BuildIndex(child_config, testing::TestInput()).index;
  const Index* zones[] = {child.get(), parent.get()};
  auto route = [&zones](const char* text) {
    return RouteByZone(zones, NameFromText(text)->wire());
  };
  BOOST_TEST(route("x.a.drove.test") == child.get());
  BOOST_TEST(route("a.drove.test") == child.get());
  BOOST_TEST(route("x.drove.test") == parent.get());
  BOOST_TEST(route("xa.drove.test") == parent.get());  // whole labels only
  BOOST_TEST(route("drove.test") == parent.get());
  BOOST_TEST(route("test") == nullptr);
  BOOST_TEST(route("a.drove.test.example") == nullptr);
}

BOOST_AUTO_TEST_CASE(zone_set_lists_the_longest_zone_first_whatever_the_config_order) {
  ZoneSet zones({{"short", *NameFromText("z.test")}, {"long", *NameFromText("deep.a.z2.test")}},
                1232, true);
  std::vector<std::shared_ptr<const Index>> held;
  std::vector<const Index*> view;
  zones.Load(&held, &view);
  BOOST_REQUIRE(view.size() == 2u);
  BOOST_TEST(view[0]->zone().ToText() == "deep.a.z2.test.");
  BOOST_TEST(zones.cluster(0).name == "short");  // cluster(i) keeps the config's order
}

BOOST_AUTO_TEST_CASE(each_zone_answers_from_its_own_cluster_with_its_own_gateway) {
  TwoClusters two;
  for (const auto& [vhost, srv, gateway] :
       {std::tuple{"web.a.drove.test", "1 1 31000 10.0.0.1.", "198.51.100.1"},
        std::tuple{"web.b.drove.test", "1 1 32000 10.0.0.2.", "192.0.2.1"}}) {
    testing::ReadResponse r = Ask(two.zones, vhost, kSrv);
    BOOST_TEST(r.header.aa);
    BOOST_REQUIRE(r.answer.size() == 1u);
    BOOST_TEST(r.answer[0].text == srv);
    r = Ask(two.zones, vhost, kA);
    BOOST_REQUIRE(r.answer.size() == 1u);
    BOOST_TEST(r.answer[0].text == gateway);
  }
  testing::ReadResponse soa = Ask(two.zones, "b.drove.test", kSoa);
  BOOST_REQUIRE(soa.answer.size() == 1u);
  BOOST_TEST(soa.answer[0].text.rfind("ns.b.drove.test. hostmaster.b.drove.test. 9", 0) == 0u,
             soa.answer[0].text);
  // NXDOMAIN carries the SOA of the zone the name is in.
  testing::ReadResponse missing = Ask(two.zones, "web.b.drove.test.a.drove.test", kSrv);
  BOOST_TEST(missing.header.rcode == Rcode::kNxDomain);
  BOOST_REQUIRE(missing.authority.size() == 1u);
  BOOST_TEST(missing.authority[0].owner == "a.drove.test.");
}

BOOST_AUTO_TEST_CASE(names_outside_every_zone_are_refused_or_forwarded_as_before) {
  TwoClusters two;
  BOOST_TEST(Ask(two.zones, "drove.test", kSoa).header.rcode == Rcode::kRefused);
  BOOST_TEST(Ask(two.zones, "web.c.drove.test", kSrv).header.rcode == Rcode::kRefused);
  AnswerResult result;
  Ask(two.zones, "example.com", kA, &result, true);
  BOOST_TEST((result.action == AnswerResult::Action::kForward));
}

BOOST_AUTO_TEST_CASE(a_cluster_never_synced_servfails_only_its_own_zone) {
  DnsConfig config = Clusters();
  ZoneSet zones = ZonesOf(config);
  discovery::HostResolver resolver;
  IndexUpdater a(ConfigForCluster(config, config.clusters[0]), &zones.cluster(0), &resolver);
  a.OnSnapshot(Snapshot(1, {App("web-a", "web.a.drove.test", "10.0.0.1", 31000)}));
  BOOST_TEST(Ask(zones, "web.a.drove.test", kSrv).answer.size() == 1u);
  BOOST_TEST(Ask(zones, "web.b.drove.test", kSrv).header.rcode == Rcode::kServFail);
  BOOST_TEST(!zones.AllReady());
  BOOST_TEST(HealthText(zones) == "a ok\nb no data\n");
}

BOOST_AUTO_TEST_CASE(a_cluster_claiming_another_clusters_names_changes_only_its_own_zone) {
  TwoClusters two;
  // Cluster a's controller lists a vhost in b's zone (and one nowhere): skipped, b unchanged.
  two.a.OnSnapshot(Snapshot(6, {App("web-a", "web.a.drove.test", "10.0.0.1", 31000),
                                App("evil", "web.b.drove.test", "10.6.6.6", 666),
                                App("far", "x.example", "10.6.6.6", 667)}));
  testing::ReadResponse b = Ask(two.zones, "web.b.drove.test", kSrv);
  BOOST_REQUIRE(b.answer.size() == 1u);
  BOOST_TEST(b.answer[0].text == "1 1 32000 10.0.0.2.");
  BOOST_TEST(two.zones.cluster(0).index.Get()->generation() == 6);
  BOOST_TEST(two.zones.cluster(1).index.Get()->generation() == 9);
}

BOOST_AUTO_TEST_CASE(a_failing_cluster_keeps_its_last_index_and_the_other_keeps_updating) {
  TwoClusters two;
  std::shared_ptr<const Index> a_before = two.zones.cluster(0).index.Get();
  two.a.OnError("connection refused");
  two.a.OnError("bad JSON");
  two.b.OnSnapshot(Snapshot(10, {App("web-b", "web.b.drove.test", "10.0.0.2", 32000),
                                 App("api-b", "api.b.drove.test", "10.0.0.3", 32001)}));
  BOOST_TEST(two.zones.cluster(0).index.Get() == a_before);
  BOOST_TEST(Ask(two.zones, "web.a.drove.test", kSrv).answer.size() == 1u);
  BOOST_TEST(Ask(two.zones, "api.b.drove.test", kSrv).answer.size() == 1u);
  BOOST_TEST(two.zones.cluster(0).sync.errors.load() == 2u);
  BOOST_TEST(two.zones.cluster(1).sync.errors.load() == 0u);
  BOOST_TEST(two.zones.cluster(1).sync.syncs.load() == 2u);
  BOOST_TEST(HealthText(two.zones) == "a ok\nb ok\n");
}

BOOST_AUTO_TEST_CASE(sync_metrics_carry_the_cluster_label_when_clusters_are_named) {
  TwoClusters two;
  two.a.OnError("down");
  Metrics metrics;
  std::string text = metrics.Render(two.zones, 4000);
  for (const char* line :
       {"drove_dns_sync_total{cluster=\"a\"} 1\n", "drove_dns_sync_total{cluster=\"b\"} 1\n",
        "drove_dns_sync_errors_total{cluster=\"a\"} 1\n",
        "drove_dns_sync_errors_total{cluster=\"b\"} 0\n",
        "drove_dns_index_generation{cluster=\"b\"} 9\n",
        "drove_dns_data_age_seconds{cluster=\"a\"} 3\n"}) {
    BOOST_TEST(text.find(line) != std::string::npos, line << " in\n" << text);
  }
  // One HELP/TYPE per family, whatever the number of clusters.
  size_t helps = 0;
  for (size_t at = 0; (at = text.find("# HELP drove_dns_sync_total ", at)) != std::string::npos;
       ++at) {
    ++helps;
  }
  BOOST_TEST(helps == 1u);
}

BOOST_AUTO_TEST_CASE(single_cluster_metrics_and_health_stay_unlabelled) {
  DnsConfig config = testing::TestConfig();
  ZoneSet zones = ZonesOf(config);
  BOOST_TEST(HealthText(zones) == "no data\n");
  discovery::HostResolver resolver;
  IndexUpdater only(ConfigForCluster(config, config.clusters[0]), &zones.cluster(0), &resolver);
  only.OnSnapshot(Snapshot(3, {App("web", "web.drove.test", "10.0.0.1", 31000)}));
  std::string text = Metrics().Render(zones, 2000);
  BOOST_TEST(text.find("\ndrove_dns_sync_total 1\n") != std::string::npos, text);
  BOOST_TEST(text.find("cluster=") == std::string::npos, text);
  BOOST_TEST(HealthText(zones) == "ok\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
