// BuildIndex: which names exist, which RRsets they hold, and what was skipped.
#include "dns-server/index/index_builder.h"

#include <boost/test/unit_test.hpp>

#include "dns_index_fixture.h"
#include "dns_test_packets.h"

namespace drove::dns {
namespace {

const NameEntry* Lookup(const Index& index, const std::string& text) {
  return index.Find(NameFromText(text)->Lowercased().wire());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_builder)

BOOST_AUTO_TEST_CASE(vhost_gets_one_srv_per_instance_in_drove_form) {
  auto index = testing::TestIndex();
  const NameEntry* web = Lookup(*index, "web.drove.test");
  BOOST_REQUIRE(web);
  const PrecomputedAnswer* srv = web->Find(static_cast<uint16_t>(RrType::kSrv));
  BOOST_REQUIRE(srv);
  BOOST_REQUIRE(srv->answer.size() == 2u);
  const auto& first = std::get<SrvRecord>(srv->answer[0].data);
  BOOST_TEST(first.priority == 1);
  BOOST_TEST(first.weight == 1);
  BOOST_TEST(first.port == 31000);
  BOOST_TEST(first.target.ToText() == "exec1.local.");
  BOOST_TEST(srv->answer[0].ttl == 30u);
  BOOST_TEST(srv->additional.size() == 3u);  // A of exec1, A and AAAA of exec2
}

BOOST_AUTO_TEST_CASE(rfc2782_names_use_the_port_type_as_service) {
  auto index = testing::TestIndex();
  BOOST_TEST(Lookup(*index, "_http._tcp.web.drove.test")->Find(33) != nullptr);
  BOOST_TEST(Lookup(*index, "_tcp._tcp.api.svc.drove.test")->Find(33) != nullptr);
  BOOST_TEST(Lookup(*index, "_https._tcp.web.drove.test") == nullptr);
}

BOOST_AUTO_TEST_CASE(rfc2782_names_use_the_port_name_as_service_too) {
  auto index = testing::TestIndex();
  const NameEntry* main = Lookup(*index, "_Main._tcp.web.drove.test");
  BOOST_REQUIRE(main);
  const PrecomputedAnswer* srv = main->Find(33);
  BOOST_REQUIRE(srv);
  BOOST_TEST(srv->answer.size() == 2u);
  BOOST_TEST(std::get<SrvRecord>(srv->answer[1].data).port == 31001);
  BOOST_TEST(srv->additional.size() == 3u);  // the same glue as the vhost's own SRV
  BOOST_TEST(Lookup(*index, "_db._tcp.api.svc.drove.test")->Find(33) != nullptr);
  BOOST_TEST(Lookup(*index, "_main._tcp.api.svc.drove.test") == nullptr);
}

BOOST_AUTO_TEST_CASE(udp_port_name_takes_the_udp_protocol_label) {
  IndexInput input = testing::TestInput();
  input.apps.push_back(
      testing::App("dns-1", "dns.drove.test", {{"exec1.local", 5353, core::PortType::kUdp, "q"}}));
  auto index = BuildIndex(testing::TestConfig(), input).index;
  BOOST_TEST(Lookup(*index, "_q._udp.dns.drove.test")->Find(33) != nullptr);
  BOOST_TEST(Lookup(*index, "_udp._udp.dns.drove.test")->Find(33) != nullptr);
  BOOST_TEST(Lookup(*index, "_q._tcp.dns.drove.test") == nullptr);
}

BOOST_AUTO_TEST_CASE(port_named_like_its_type_lists_each_instance_once) {
  IndexInput input = testing::TestInput();
  for (core::ExposedHost& host : input.apps[0].hosts) host.port_name = "HTTP";
  auto index = BuildIndex(testing::TestConfig(), input).index;
  BOOST_TEST(Lookup(*index, "_http._tcp.web.drove.test")->Find(33)->answer.size() == 2u);
}

BOOST_AUTO_TEST_CASE(port_name_that_is_no_label_is_served_by_type_only_and_reported) {
  IndexInput input = testing::TestInput();
  for (core::ExposedHost& host : input.apps[0].hosts) host.port_name = "a.b";
  BuildResult result = BuildIndex(testing::TestConfig(), input);
  BOOST_TEST(Lookup(*result.index, "_http._tcp.web.drove.test")->Find(33)->answer.size() == 2u);
  BOOST_TEST(Lookup(*result.index, "_b._tcp.web.drove.test") == nullptr);
  BOOST_REQUIRE(result.skipped.size() == 2u);  // once per app, besides other.example
  BOOST_TEST(result.skipped[0] ==
             "appId=web-1 portName=a.b not a DNS label (served by port type only)");
}

BOOST_AUTO_TEST_CASE(names_are_stored_lowercased_and_hostnames_folded) {
  auto index = testing::TestIndex();
  const NameEntry* api = Lookup(*index, "API.SVC.DROVE.TEST");
  BOOST_REQUIRE(api);
  const auto& srv = std::get<SrvRecord>(api->Find(33)->answer.at(0).data);
  BOOST_TEST(srv.target.ToText() == "exec1.local.");
}

BOOST_AUTO_TEST_CASE(ancestors_up_to_the_apex_are_empty_non_terminals) {
  auto index = testing::TestIndex();
  const NameEntry* svc = Lookup(*index, "svc.drove.test");
  BOOST_REQUIRE(svc);
  BOOST_TEST(svc->answers.empty());
  BOOST_REQUIRE(Lookup(*index, "_tcp.web.drove.test"));
  BOOST_TEST(Lookup(*index, "nope.drove.test") == nullptr);
}

BOOST_AUTO_TEST_CASE(vhost_address_is_the_gateway_when_configured_else_the_instances) {
  auto by_instances = testing::TestIndex();
  const PrecomputedAnswer* a = Lookup(*by_instances, "web.drove.test")->Find(1);
  BOOST_REQUIRE(a);
  BOOST_TEST(a->answer.size() == 2u);
  BOOST_TEST(Lookup(*by_instances, "web.drove.test")->Find(28)->answer.size() == 1u);
  auto by_gateway = testing::TestIndex("gateway: {ipv4: [192.0.2.1]}\n");
  const NameEntry* web = Lookup(*by_gateway, "web.drove.test");
  BOOST_REQUIRE(web->Find(1)->answer.size() == 1u);
  BOOST_TEST(std::get<ARecord>(web->Find(1)->answer[0].data).address[0] == 192);
  BOOST_TEST(web->Find(28) == nullptr);  // no IPv6 gateway: NODATA for AAAA
}

BOOST_AUTO_TEST_CASE(apex_has_soa_with_generation_serial_and_ns) {
  auto index = testing::TestIndex();
  const NameEntry* apex = Lookup(*index, "drove.test");
  BOOST_REQUIRE(apex);
  const auto& soa = std::get<SoaRecord>(apex->Find(6)->answer.at(0).data);
  BOOST_TEST(soa.serial == 7u);
  BOOST_TEST(soa.minimum == 5u);
  BOOST_TEST(std::get<NsRecord>(apex->Find(2)->answer.at(0).data).host.ToText() ==
             "ns.drove.test.");
  BOOST_TEST(index->generation() == 7);
  BOOST_TEST(index->ready());
}

BOOST_AUTO_TEST_CASE(vhosts_outside_the_zone_are_skipped_with_a_reason) {
  BuildResult result = BuildIndex(testing::TestConfig(), testing::TestInput());
  BOOST_TEST(result.vhosts == 2u);
  BOOST_TEST(result.instances == 3u);
  BOOST_REQUIRE(result.skipped.size() == 1u);
  BOOST_TEST(result.skipped[0].find("other.example outside the zone") != std::string::npos);
  BOOST_TEST(Lookup(*result.index, "other.example") == nullptr);
}

BOOST_AUTO_TEST_CASE(apps_sharing_a_vhost_merge_and_duplicates_collapse) {
  IndexInput input = testing::TestInput();
  input.apps.push_back(testing::App("web-2", "WEB.drove.test",
                                    {{"exec3.local", 31000, core::PortType::kHttp},
                                     {"exec1.local", 31000, core::PortType::kHttp}}));
  auto index = BuildIndex(testing::TestConfig(), input).index;
  BOOST_TEST(Lookup(*index, "web.drove.test")->Find(33)->answer.size() == 3u);
}

BOOST_AUTO_TEST_CASE(in_zone_check_matches_whole_labels_only) {
  auto index = testing::TestIndex();
  BOOST_TEST(index->InZone(NameFromText("a.drove.test")->wire()));
  BOOST_TEST(index->InZone(NameFromText("drove.test")->wire()));
  BOOST_TEST(!index->InZone(NameFromText("xdrove.test")->wire()));
  BOOST_TEST(!index->InZone(NameFromText("test")->wire()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns
