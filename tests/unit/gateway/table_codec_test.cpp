// Unit tests of the routing table's wire form (zone and dump file).
#include <boost/test/unit_test.hpp>

#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {
namespace {

RoutingTable SampleTable() {
  RoutingTable t;
  t.generation = 42;
  t.leader = "http://127.0.0.1:4000";
  t.fetched_at_ms = 1764090000123;
  t.vhosts["app.local"] = {Member{"APP-1", "exec1", 32768, "127.0.0.1", ""},
                           Member{"APP-2", "exec2", 32769, "::1", "canary"}};
  t.vhosts["empty.local"] = {};
  return t;
}

BOOST_AUTO_TEST_SUITE(table_codec)

BOOST_AUTO_TEST_CASE(serialized_table_reads_back_identical) {
  RoutingTable t = SampleTable();
  auto back = DeserializeTable(SerializeTable(t));
  BOOST_REQUIRE_MESSAGE(back.ok(), back.error());
  BOOST_TEST((*back == t));
}

BOOST_AUTO_TEST_CASE(merged_fields_are_written_only_when_set_and_read_back) {
  RoutingTable t = SampleTable();
  std::string plain = SerializeTable(t);
  BOOST_TEST(plain.find("leader_ip") == std::string::npos);  // a one-cluster table reads as before
  BOOST_TEST(plain.find("cluster") == std::string::npos);
  t.leader_ip = "127.0.0.1";
  t.vhosts["app.local"][0].cluster = "dc1";
  auto back = DeserializeTable(SerializeTable(t));
  BOOST_REQUIRE_MESSAGE(back.ok(), back.error());
  BOOST_TEST((*back == t));
}

BOOST_AUTO_TEST_CASE(bad_leader_address_or_cluster_is_refused_naming_it) {
  std::string bytes = SerializeTable(SampleTable());
  std::string leader = bytes;
  leader.replace(leader.find(",\"fetched_at_ms\""), 0, R"(,"leader_ip":"ctl.local")");
  BOOST_TEST(DeserializeTable(leader).error() ==
             "routing table: leader_ip: not a numeric address");
  std::string cluster = bytes;
  cluster.replace(cluster.find(R"("group":"")"), 0, R"("cluster":"",)");
  BOOST_TEST(DeserializeTable(cluster).error() ==
             "routing table: vhosts.app.local[0].cluster: not a non-empty string");
}

BOOST_AUTO_TEST_CASE(each_vhost_is_one_line_of_the_table) {
  RoutingTable t = SampleTable();
  t.vhosts["odd.local"] = {Member{"A \"q\"\n\xc3\xbc", "h\\", 1, "10.0.0.1", "g\t"}};
  std::string bytes = SerializeTable(t);
  auto lines = SplitTableLines(bytes);
  BOOST_REQUIRE(lines.has_value());
  BOOST_REQUIRE(lines->vhosts.size() == 3u);
  BOOST_TEST(lines->vhosts[1] == R"("empty.local":[])");
  for (std::string_view line : lines->vhosts) {
    auto one = DeserializeTable(std::string(lines->header) + std::string(line) + "\n}}");
    BOOST_REQUIRE_MESSAGE(one.ok(), one.error());
    BOOST_TEST(one->vhosts.size() == 1u);
  }
  auto back = DeserializeTable(bytes);
  BOOST_REQUIRE_MESSAGE(back.ok(), back.error());
  BOOST_TEST((*back == t));
  BOOST_TEST(!SplitTableLines(R"({"generation":1,"leader":"","fetched_at_ms":0,"vhosts":{}})"));
}

BOOST_AUTO_TEST_CASE(garbage_and_truncated_bytes_are_refused) {
  std::string bytes = SerializeTable(SampleTable());
  BOOST_TEST(!DeserializeTable("").ok());
  BOOST_TEST(!DeserializeTable("\xff\xfe garbage").ok());
  BOOST_TEST(!DeserializeTable(bytes.substr(0, bytes.size() / 2)).ok());
  BOOST_TEST(!DeserializeTable("[]").ok());
}

BOOST_AUTO_TEST_CASE(member_with_port_out_of_range_is_refused_naming_it) {
  std::string bytes = SerializeTable(SampleTable());
  bytes.replace(bytes.find("32768"), 5, "70000");
  auto back = DeserializeTable(bytes);
  BOOST_REQUIRE(!back.ok());
  BOOST_TEST(back.error().find("vhosts.app.local[0].port") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(member_with_a_hostname_instead_of_an_address_is_refused) {
  std::string bytes = SerializeTable(SampleTable());
  bytes.replace(bytes.find("\"127.0.0.1\""), 11, "\"exec1.lan\"");
  auto back = DeserializeTable(bytes);
  BOOST_REQUIRE(!back.ok());
  BOOST_TEST(back.error().find(".ip") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(upper_case_vhost_is_refused) {
  RoutingTable t;
  t.vhosts["App.Local"] = {};
  BOOST_TEST(!DeserializeTable(SerializeTable(t)).ok());
}

BOOST_AUTO_TEST_CASE(member_address_brackets_ipv6) {
  BOOST_TEST(MemberAddress(Member{"A", "h", 80, "10.0.0.1", ""}) == "10.0.0.1:80");
  BOOST_TEST(MemberAddress(Member{"A", "h", 80, "fe80::1", ""}) == "[fe80::1]:80");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::gateway
