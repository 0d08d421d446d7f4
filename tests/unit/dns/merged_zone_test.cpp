// The `merged:` zone: each name answers with the gateways of the first listed cluster that has a
// healthy instance of it, and moves back to the primary when it has one again.
#include "dns-server/index/merged_zone.h"

#include <boost/test/unit_test.hpp>

#include "dns-server/server/answer.h"
#include "dns_index_fixture.h"
#include "dns_response_reader.h"
#include "dns_test_packets.h"

namespace drove::dns {
namespace {

constexpr uint16_t kA = 1, kSoa = 6, kSrv = 33;

constexpr char kMerged[] = R"(
clusters:
  - {name: a, zone: a.drove.test, gateway: {ipv4: ["198.51.100.1"]}}
  - {name: b, zone: b.drove.test, gateway: {ipv4: ["192.0.2.1"]}}
merged: {zone: drove.test, clusters: [a, b]}
)";

core::ExposedAppInfo App(const std::string& id, const std::string& vhost, int32_t port) {
  std::vector<core::ExposedHost> hosts;
  if (port > 0) hosts.push_back({"10.0.0.1", port, core::PortType::kHttp, "main"});
  return testing::App(id, vhost, std::move(hosts));
}

std::shared_ptr<const IndexInput> Input(std::vector<core::ExposedAppInfo> apps) {
  auto input = std::make_shared<IndexInput>();
  input->synced_at_ms = 1000;
  input->apps = std::move(apps);
  return input;
}

// The merged zone of kMerged, fed by hand the way the members' updaters feed it.
struct Merged {
  DnsConfig config;
  ZoneSet zones{{{kMergedZoneName, *NameFromText("drove.test")}}, 1232, true};
  std::unique_ptr<MergedZone> merged;

  Merged() {
    auto parsed = ParseDnsConfig(kMerged, "dns.yml");
    BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.error());
    config = *parsed;
    std::vector<MergedMember> members;
    for (const ClusterConfig& cluster : config.clusters) {
      members.push_back({cluster.name, cluster.zone, ConfigForMerged(config, cluster), nullptr});
    }
    merged =
        std::make_unique<MergedZone>(config.merged.zone, std::move(members), &zones.cluster(0));
  }

  testing::ReadResponse Ask(const std::string& name, uint16_t qtype) const {
    std::vector<uint8_t> out;
    AnswerQuery(*zones.cluster(0).index.Get(), testing::QueryPacket(1, name, qtype, true),
                Transport::kUdp, false, &out);
    return testing::ReadBack(out);
  }

  std::string AddressOf(const std::string& name) const {
    testing::ReadResponse r = Ask(name, kA);
    return r.answer.size() == 1 ? r.answer[0].text : RcodeName(r.header.rcode);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(merged_zone)

BOOST_AUTO_TEST_CASE(first_listed_cluster_with_a_healthy_instance_answers) {
  Merged m;
  m.merged->Update(
      1, Input({App("web-b", "web.b.drove.test", 32000), App("api-b", "api.b.drove.test", 32001)}));
  m.merged->Update(0, Input({App("web-a", "web.a.drove.test", 31000)}));
  BOOST_TEST(m.AddressOf("web.drove.test") == "198.51.100.1");  // the primary
  BOOST_TEST(m.AddressOf("api.drove.test") == "192.0.2.1");     // only the backup has it
  testing::ReadResponse srv = m.Ask("web.drove.test", kSrv);
  BOOST_REQUIRE(srv.answer.size() == 1u);
  BOOST_TEST(srv.answer[0].text == "1 1 31000 10.0.0.1.");
  BOOST_TEST(m.AddressOf("nope.drove.test") == "NXDOMAIN");
  testing::ReadResponse soa = m.Ask("drove.test", kSoa);
  BOOST_REQUIRE(soa.answer.size() == 1u);
  BOOST_TEST(soa.answer[0].text.rfind("ns.drove.test. hostmaster.drove.test. 2", 0) == 0u,
             soa.answer[0].text);
}

BOOST_AUTO_TEST_CASE(name_moves_to_the_backup_and_back_with_the_primarys_instances) {
  Merged m;
  m.merged->Update(0, Input({App("web-a", "web.a.drove.test", 31000)}));
  m.merged->Update(1, Input({App("web-b", "web.b.drove.test", 32000)}));
  BOOST_TEST(m.AddressOf("web.drove.test") == "198.51.100.1");
  m.merged->Update(0, Input({App("web-a", "web.a.drove.test", 0)}));  // listed, no instance
  BOOST_TEST(m.AddressOf("web.drove.test") == "192.0.2.1");
  m.merged->Update(0, Input({}));  // gone from the primary altogether
  BOOST_TEST(m.AddressOf("web.drove.test") == "192.0.2.1");
  m.merged->Update(0, Input({App("web-a", "web.a.drove.test", 31005)}));
  BOOST_TEST(m.AddressOf("web.drove.test") == "198.51.100.1");
  m.merged->Update(1, Input({}));
  m.merged->Update(0, Input({}));
  BOOST_TEST(m.AddressOf("web.drove.test") == "NXDOMAIN");
  BOOST_TEST(m.zones.cluster(0).sync.syncs.load() == 7u);
}

BOOST_AUTO_TEST_CASE(only_names_below_a_members_own_zone_are_merged) {
  Merged m;
  m.merged->Update(0,
                   Input({App("evil", "web.b.drove.test", 31000), App("far", "web.example", 31001),
                          App("deep", "x.api.a.drove.test", 31002)}));
  BOOST_TEST(m.AddressOf("web.drove.test") == "NXDOMAIN");
  BOOST_TEST(m.AddressOf("x.api.drove.test") == "198.51.100.1");
  BOOST_TEST(m.Ask("api.drove.test", kA).header.rcode == Rcode::kNoError);  // empty non-terminal
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
