// Unit tests of snapshot -> routing table (filters, merging, routing-tag groups, resolution).
#include "gateway-module/lib/table_builder.h"

#include <boost/test/unit_test.hpp>

namespace drove::gateway {
namespace {

using core::ExposedAppInfo;
using core::ExposedHost;
using core::PortType;

ExposedAppInfo App(const std::string& id, const std::string& vhost, std::vector<ExposedHost> hosts,
                   std::optional<std::map<std::string, std::string>> tags = std::nullopt) {
  ExposedAppInfo a;
  a.app_id = id;
  a.app_name = id;
  a.vhost = vhost;
  a.hosts = std::move(hosts);
  a.tags = std::move(tags);
  return a;
}

ExposedHost Host(const std::string& name, int port, PortType type = PortType::kHttp) {
  ExposedHost h;
  h.host = name;
  h.port = port;
  h.port_type = type;
  return h;
}

std::map<std::string, discovery::HostAddresses> Addresses() {
  return {{"exec1", {{"10.0.0.1"}, {}}}, {"exec2", {{}, {"fd00::2"}}}};
}

BOOST_AUTO_TEST_SUITE(table_builder)

BOOST_AUTO_TEST_CASE(apps_sharing_a_vhost_are_merged_under_the_lower_cased_vhost) {
  discovery::EndpointsSnapshot s;
  s.generation = 7;
  s.leader = "http://c1:4000";
  s.apps = {App("A-1", "Shop.Local", {Host("exec1", 1000)}),
            App("A-2", "shop.local.", {Host("exec2", 2000)})};
  BuildResult r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  BOOST_TEST(r.table.generation == 7);
  BOOST_TEST(r.table.leader == "http://c1:4000");
  BOOST_REQUIRE(r.table.vhosts.count("shop.local") == 1);
  const auto& members = r.table.vhosts.at("shop.local");
  BOOST_REQUIRE(members.size() == 2u);
  BOOST_TEST(members[0].ip == "10.0.0.1");
  BOOST_TEST(members[1].ip == "fd00::2");
  BOOST_TEST(r.unresolved.empty());
}

BOOST_AUTO_TEST_CASE(leader_host_is_resolved_with_the_executors_for_the_leader_vhost) {
  discovery::EndpointsSnapshot s;
  s.leader = "http://exec1:4000";
  s.apps = {App("A-1", "a.local", {Host("exec2", 1000)})};
  BOOST_TEST(HostsToResolve(s, VhostFilter{}) == (std::vector<std::string>{"exec1", "exec2"}));
  BuildResult r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  BOOST_TEST(r.table.leader_ip == "10.0.0.1");
  BOOST_TEST((DeserializeTable(SerializeTable(r.table)).value() == r.table));
  s.leader = "http://unknown-host:4000";
  BOOST_TEST(BuildRoutingTable(s, Addresses(), VhostFilter{}).table.leader_ip.empty());
}

BOOST_AUTO_TEST_CASE(vhost_no_host_header_can_name_is_left_out_and_the_table_still_reads) {
  discovery::EndpointsSnapshot s;
  s.apps = {App("A-1", "a.local", {Host("exec1", 1000)}),
            App("B-1", "b.l al", {Host("exec1", 2000)}),
            App("C-1", "c.\x01local", {Host("exec1", 3000)})};
  BuildResult r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  BOOST_TEST(r.table.vhosts.size() == 1u);
  BOOST_TEST(HostsToResolve(s, VhostFilter{}).size() == 1u);
  BOOST_TEST(DeserializeTable(SerializeTable(r.table)).ok());
}

BOOST_AUTO_TEST_CASE(realms_and_suffix_keep_only_matching_vhosts) {
  discovery::EndpointsSnapshot s;
  s.apps = {App("A", "a.apps.test", {Host("exec1", 1)}), App("B", "b.apps.test", {Host("exec1", 2)}),
            App("C", "c.other", {Host("exec1", 3)})};
  VhostFilter suffix;
  suffix.suffix = ".apps.test";
  auto r = BuildRoutingTable(s, Addresses(), suffix);
  BOOST_TEST(r.table.vhosts.size() == 2u);
  BOOST_TEST(r.table.vhosts.count("c.other") == 0u);
  VhostFilter realms;
  realms.realms = {"b.apps.test", "c.other"};
  r = BuildRoutingTable(s, Addresses(), realms);
  BOOST_TEST(r.table.vhosts.size() == 2u);
  BOOST_TEST(r.table.vhosts.count("a.apps.test") == 0u);
  BOOST_TEST(HostsToResolve(s, realms) == std::vector<std::string>{"exec1"});
}

BOOST_AUTO_TEST_CASE(routing_tag_value_names_the_members_group) {
  discovery::EndpointsSnapshot s;
  s.apps = {App("A-1", "v.local", {Host("exec1", 1)}),
            App("A-2", "v.local", {Host("exec1", 2)}, std::map<std::string, std::string>{{"env", "canary"}})};
  VhostFilter f;
  f.routing_tag = "env";
  auto r = BuildRoutingTable(s, Addresses(), f);
  const auto& m = r.table.vhosts.at("v.local");
  BOOST_REQUIRE(m.size() == 2u);
  BOOST_TEST(m[0].group == "");
  BOOST_TEST(m[1].group == "canary");
  auto untagged = BuildRoutingTable(s, Addresses(), VhostFilter{});
  for (const auto& member : untagged.table.vhosts.at("v.local")) BOOST_TEST(member.group == "");
}

BOOST_AUTO_TEST_CASE(unresolved_hosts_and_non_http_ports_are_left_out) {
  discovery::EndpointsSnapshot s;
  s.apps = {App("A", "v.local", {Host("exec1", 1), Host("ghost", 2), Host("exec2", 3, PortType::kTcp)})};
  auto r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  BOOST_TEST(r.table.vhosts.at("v.local").size() == 1u);
  BOOST_TEST(r.unresolved == std::vector<std::string>{"ghost"});
}

BOOST_AUTO_TEST_CASE(vhost_without_healthy_host_stays_known_and_empty) {
  discovery::EndpointsSnapshot s;
  s.apps = {App("A", "v.local", {})};
  auto r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  BOOST_REQUIRE(r.table.vhosts.count("v.local") == 1u);
  BOOST_TEST(r.table.vhosts.at("v.local").empty());
}

BOOST_AUTO_TEST_CASE(vhost_emptied_by_unresolvable_hosts_keeps_its_members_in_force) {
  RoutingTable in_force;
  in_force.vhosts["v.local"] = {Member{"A", "exec1", 1, "10.0.0.1", ""}};
  in_force.vhosts["w.local"] = {Member{"B", "exec1", 2, "10.0.0.1", ""}};
  discovery::EndpointsSnapshot s;
  s.apps = {App("A", "v.local", {Host("ghost", 1)}), App("B", "w.local", {})};
  auto r = BuildRoutingTable(s, Addresses(), VhostFilter{});
  KeepResolvedMembers(in_force, &r);
  BOOST_TEST((r.table.vhosts.at("v.local") == in_force.vhosts.at("v.local")));
  // w.local lost its member for a real reason (no healthy instance): that change goes through.
  BOOST_TEST(r.table.vhosts.at("w.local").empty());
}

BOOST_AUTO_TEST_CASE(table_without_vhosts_replacing_a_routed_one_is_a_collapse) {
  RoutingTable routed, empty;
  routed.vhosts["v.local"] = {};
  BOOST_TEST(IsCollapse(routed, empty));
  BOOST_TEST(!IsCollapse(empty, empty));
  BOOST_TEST(!IsCollapse(routed, routed));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::gateway
