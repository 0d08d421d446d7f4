// Unit tests of several clusters' merge: union, primary/backup failover, leader vhosts, the
// merger's publishing, and controller URLs' host and port.
#include "gateway-module/lib/cluster_merge.h"

#include <boost/test/unit_test.hpp>

namespace drove::gateway {
namespace {

Member M(const std::string& app, const std::string& ip, int port) {
  return Member{app, "exec-" + ip, port, ip, ""};
}

RoutingTable T(std::map<std::string, std::vector<Member>> vhosts, int64_t generation = 1) {
  RoutingTable t;
  t.generation = generation;
  t.vhosts = std::move(vhosts);
  return t;
}

std::vector<std::string> Clusters(const RoutingTable& t, const std::string& vhost) {
  std::vector<std::string> out;
  for (const Member& m : t.vhosts.at(vhost)) out.push_back(m.cluster);
  return out;
}

const std::vector<ClusterSpec> kPrimaryBackup = {{"a", Priority::kPrimary, {}},
                                                  {"b", Priority::kBackup, {}}};

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_merge)

BOOST_AUTO_TEST_CASE(clusters_of_the_same_priority_serve_a_vhost_together) {
  RoutingTable a = T({{"v.local", {M("A", "10.0.0.1", 1)}}, {"only-a.local", {M("X", "10.0.0.3", 3)}}});
  RoutingTable b = T({{"v.local", {M("B", "10.0.1.1", 2)}}});
  RoutingTable merged =
      MergeClusters({{"a", Priority::kPrimary, {}}, {"b", Priority::kPrimary, {}}}, {&a, &b});
  BOOST_TEST(Clusters(merged, "v.local") == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(Clusters(merged, "only-a.local") == std::vector<std::string>{"a"});
  BOOST_TEST(merged.generation == 2);
  BOOST_TEST((DeserializeTable(SerializeTable(merged)).value() == merged));
}

BOOST_AUTO_TEST_CASE(backup_serves_only_while_the_primary_has_no_member) {
  RoutingTable a = T({{"v.local", {M("A", "10.0.0.1", 1)}}});
  RoutingTable b = T({{"v.local", {M("B", "10.0.1.1", 2)}}, {"b-only.local", {M("C", "10.0.1.2", 2)}}});
  BOOST_TEST(Clusters(MergeClusters(kPrimaryBackup, {&a, &b}), "v.local") ==
             std::vector<std::string>{"a"});
  // a backup-only vhost is served by the backup: nothing better exists for it
  BOOST_TEST(Clusters(MergeClusters(kPrimaryBackup, {&a, &b}), "b-only.local") ==
             std::vector<std::string>{"b"});
  a.vhosts["v.local"].clear();  // scaled to 0: the vhost is still listed, without members
  BOOST_TEST(Clusters(MergeClusters(kPrimaryBackup, {&a, &b}), "v.local") ==
             std::vector<std::string>{"b"});
  a.vhosts.erase("v.local");  // the app destroyed
  BOOST_TEST(Clusters(MergeClusters(kPrimaryBackup, {&a, &b}), "v.local") ==
             std::vector<std::string>{"b"});
  BOOST_TEST(Clusters(MergeClusters(kPrimaryBackup, {nullptr, &b}), "v.local") ==
             std::vector<std::string>{"b"});
}

BOOST_AUTO_TEST_CASE(a_vhost_without_members_anywhere_stays_known) {
  RoutingTable a = T({{"v.local", {}}});
  RoutingTable merged = MergeClusters(kPrimaryBackup, {&a, nullptr});
  BOOST_REQUIRE(merged.vhosts.count("v.local") == 1u);
  BOOST_TEST(merged.vhosts.at("v.local").empty());
}

BOOST_AUTO_TEST_CASE(leader_vhost_routes_to_the_leader_and_wins_over_apps) {
  RoutingTable a = T({{"ctl.local", {M("A", "10.0.0.1", 1)}}});
  a.leader = "http://ctl-a:4000";
  a.leader_ip = "127.0.0.5";
  RoutingTable merged = MergeClusters({{"a", Priority::kPrimary, {"ctl.local"}}}, {&a});
  BOOST_REQUIRE(merged.vhosts.at("ctl.local").size() == 1u);
  const Member& leader = merged.vhosts.at("ctl.local")[0];
  BOOST_TEST(leader.ip == "127.0.0.5");
  BOOST_TEST(leader.port == 4000);
  BOOST_TEST(leader.host == "ctl-a");
  BOOST_TEST(leader.cluster == "a");
  a.leader_ip.clear();  // the leader's host does not resolve: no member, a 503
  BOOST_TEST(MergeClusters({{"a", Priority::kPrimary, {"ctl.local"}}}, {&a}).vhosts.at("ctl.local").empty());
}

BOOST_AUTO_TEST_CASE(merger_publishes_every_update_in_order) {
  std::vector<RoutingTable> published;
  RoutingTable a = T({{"v.local", {M("A", "10.0.0.1", 1)}}});
  RoutingMerger merger(kPrimaryBackup, {a, std::nullopt},
                       [&](const std::string& bytes, const RoutingTable& merged, std::string*) {
                         BOOST_TEST((DeserializeTable(bytes).value() == merged));
                         published.push_back(merged);
                         return true;
                       });
  std::string error;
  BOOST_TEST(merger.Publish(&error));
  BOOST_TEST(merger.Update(1, T({{"v.local", {M("B", "10.0.1.1", 2)}}}), &error));
  BOOST_TEST(merger.Update(0, T({{"v.local", {}}}), &error));
  BOOST_REQUIRE(published.size() == 3u);
  BOOST_TEST(Clusters(published[0], "v.local") == std::vector<std::string>{"a"});
  BOOST_TEST(Clusters(published[1], "v.local") == std::vector<std::string>{"a"});
  BOOST_TEST(Clusters(published[2], "v.local") == std::vector<std::string>{"b"});
}

BOOST_AUTO_TEST_CASE(leader_member_takes_host_and_port_from_the_leader_url) {
  auto leader = [](const std::string& url) -> std::optional<Member> {
    RoutingTable t;
    t.leader = url;
    t.leader_ip = "10.0.0.9";
    auto members = MergeClusters({{"a", Priority::kPrimary, {"ctl.local"}}}, {&t}).vhosts.at("ctl.local");
    if (members.empty()) return std::nullopt;
    return members[0];
  };
  BOOST_TEST(leader("http://10.0.0.1:4000")->port == 4000);
  BOOST_TEST(leader("http://ctl/apis")->port == 80);
  BOOST_TEST(leader("https://ctl")->port == 443);
  BOOST_TEST(leader("https://[fd00::1]:8443/x")->host == "fd00::1");
  BOOST_TEST(leader("https://[fd00::1]:8443/x")->port == 8443);
  BOOST_TEST(!leader("ftp://ctl"));
  BOOST_TEST(!leader("http://:4000"));
  BOOST_TEST(!leader("http://ctl:99999"));
  BOOST_TEST(!leader("http://ctl:"));
  BOOST_TEST(!leader("http://[fd00::1"));
  BOOST_TEST(!leader("unix:///run/drove.sock"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::gateway
