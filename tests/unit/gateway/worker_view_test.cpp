// Unit tests of a worker's routing view: lookups, groups, addresses, failure state across versions.
#include "gateway-module/lib/worker_view.h"

#include <netinet/in.h>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "gateway-module/lib/status_text.h"

namespace drove::gateway {
namespace {

RoutingTable Table(std::vector<Member> members) {
  RoutingTable t;
  t.generation = 1;
  t.vhosts["v.local"] = std::move(members);
  return t;
}

// The view of a table as the zone carries it (serialized), read after `previous`.
View* ViewOf(const RoutingTable& table, uint64_t version, const View* previous = nullptr) {
  auto view = View::Create(SerializeTable(table), version, previous);
  BOOST_REQUIRE_MESSAGE(view.ok(), view.error());
  return *view;
}

BOOST_AUTO_TEST_SUITE(worker_view)

BOOST_AUTO_TEST_CASE(members_get_socket_addresses_and_names) {
  View* v =
      ViewOf(Table({Member{"A", "h", 8080, "127.0.0.2", ""}, Member{"A", "h", 81, "::1", ""}}), 1);
  const VhostRoute* r = v->Find("v.local");
  BOOST_REQUIRE(r != nullptr);
  BOOST_TEST(r->members[0].name == "127.0.0.2:8080");
  auto* sin = reinterpret_cast<const sockaddr_in*>(&r->members[0].sockaddr);
  BOOST_TEST(sin->sin_family == AF_INET);
  BOOST_TEST(ntohs(sin->sin_port) == 8080);
  BOOST_TEST(r->members[0].socklen == sizeof(sockaddr_in));
  BOOST_TEST(r->members[1].socklen == sizeof(sockaddr_in6));
  BOOST_TEST(v->Find("other.local") == nullptr);
  View::Unref(v);
}

BOOST_AUTO_TEST_CASE(header_selects_its_group_and_anything_else_the_untagged_one) {
  View* v = ViewOf(
      Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"B", "h", 2, "10.0.0.2", "canary"}}), 1);
  const VhostRoute& r = *v->Find("v.local");
  const Group* canary = v->SelectGroup(r, "canary");
  const Group* plain = v->SelectGroup(r, "");
  const Group* unknown = v->SelectGroup(r, "nope");
  BOOST_REQUIRE(canary && plain && unknown);
  BOOST_TEST(r.members[canary->members.at(0)].member.app_id == "B");
  BOOST_TEST(r.members[plain->members.at(0)].member.app_id == "A");
  BOOST_TEST(unknown == plain);
  View::Unref(v);
}

BOOST_AUTO_TEST_CASE(vhost_whose_members_are_all_tagged_has_no_default_group) {
  View* v = ViewOf(Table({Member{"B", "h", 2, "10.0.0.2", "canary"}}), 1);
  BOOST_TEST(v->SelectGroup(*v->Find("v.local"), "") == nullptr);
  View::Unref(v);
}

BOOST_AUTO_TEST_CASE(failure_state_survives_a_new_version_and_is_dropped_with_the_member) {
  View* v1 =
      ViewOf(Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"A", "h", 2, "10.0.0.2", ""}}), 1);
  RecordTry(v1->Find("v.local")->members[0].state.get(), true, 100);
  RecordTry(v1->Find("v.local")->members[1].state.get(), true, 100);
  View* v2 = ViewOf(Table({Member{"A", "h", 1, "10.0.0.1", ""}}), 2, v1);
  BOOST_TEST(v2->Find("v.local")->members[0].state->fails == 1);
  // The old view, still pinned by a request, keeps the dropped member's state...
  BOOST_TEST(v1->Find("v.local")->members[1].state->fails == 1);
  // ...but a member that comes back starts afresh.
  View* v3 = ViewOf(
      Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"A", "h", 2, "10.0.0.2", ""}}), 3, v2);
  BOOST_TEST(v3->Find("v.local")->members[0].state->fails == 1);
  BOOST_TEST(v3->Find("v.local")->members[1].state->fails == 0);
  View::Unref(v1);
  View::Unref(v2);
  View::Unref(v3);
}

BOOST_AUTO_TEST_CASE(status_json_lists_vhosts_members_and_their_state) {
  View* v = ViewOf(Table({Member{"A", "h", 1, "10.0.0.1", ""}}), 3);
  RecordTry(v->Find("v.local")->members[0].state.get(), true, 100);
  ClusterStatus a{{"a", Priority::kPrimary, {}}, {}};
  a.sync.leader = "http://c";
  a.sync.generation = 7;
  ClusterStatus b{{"b", Priority::kBackup, {"ctl.b.local"}}, {}};
  b.sync.sync_errors = 2;
  RoutingInfo routing{3, 0};
  auto json = nlohmann::json::parse(StatusJson({a, b}, routing, v, 42, 101, PickPolicy{}));
  BOOST_TEST(json["vhosts"]["v.local"]["members"][0]["state"] == "failed");
  BOOST_TEST(json["worker_pid"] == 42);
  BOOST_TEST(json["version"] == 3);
  BOOST_TEST(json["leader"] == "http://c");  // the first cluster's, as a single cluster showed
  BOOST_TEST(json["clusters"]["a"]["generation"] == 7);
  BOOST_TEST(json["clusters"]["b"]["priority"] == "backup");
  BOOST_TEST(json["clusters"]["b"]["leader_vhosts"][0] == "ctl.b.local");
  std::string metrics = MetricsText({a, b}, routing, {{"v.local", 5, 1}}, v);
  BOOST_TEST(metrics.find("drove_gateway_sync_errors_total{cluster=\"b\"} 2\n") !=
             std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_generation{cluster=\"a\"} 7\n") != std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_requests_total{vhost=\"v.local\"} 5\n") !=
             std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_upstream_failures_total{vhost=\"v.local\"} 1\n") !=
             std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_members 1\n") != std::string::npos);
  View::Unref(v);
}

BOOST_AUTO_TEST_CASE(unchanged_vhosts_share_their_route_with_the_view_before) {
  RoutingTable t = Table({Member{"A", "h", 1, "10.0.0.1", ""}});
  t.vhosts["w.local"] = {Member{"B", "h", 2, "10.0.0.2", ""}};
  View* v1 = ViewOf(t, 1);
  t.vhosts["w.local"].push_back(Member{"B", "h", 3, "10.0.0.3", ""});
  t.generation = 2;
  View* v2 = ViewOf(t, 2, v1);
  BOOST_TEST(v2->Find("v.local") == v1->Find("v.local"));
  BOOST_TEST(v2->Find("w.local") != v1->Find("w.local"));
  BOOST_TEST(v2->Find("w.local")->members.size() == 2u);
  BOOST_TEST(v2->member_count() == 3u);
  BOOST_TEST(v2->Find("w.local")->members[0].state == v1->Find("w.local")->members[0].state);
  View::Unref(v1);
  View::Unref(v2);
}

BOOST_AUTO_TEST_CASE(failure_state_is_kept_per_vhost) {
  RoutingTable t = Table({Member{"A", "h", 1, "10.0.0.1", ""}});
  View* v1 = ViewOf(t, 1);
  RecordTry(v1->Find("v.local")->members[0].state.get(), true, 100);
  t.vhosts["w.local"] = {Member{"B", "h", 1, "10.0.0.1", ""}};
  View* v2 = ViewOf(t, 2, v1);
  BOOST_TEST(v2->Find("v.local")->members[0].state->fails == 1);
  BOOST_TEST(v2->Find("w.local")->members[0].state->fails == 0);
  View::Unref(v1);
  View::Unref(v2);
}

BOOST_AUTO_TEST_CASE(refused_bytes_get_the_whole_read_error) {
  View* v1 = ViewOf(Table({Member{"A", "h", 1, "10.0.0.1", ""}}), 1);
  std::string bytes = SerializeTable(Table({Member{"A", "h", 1, "10.0.0.2", ""}}));
  bytes.replace(bytes.find("10.0.0.2"), 8, "exec.lan");
  auto refused = View::Create(bytes, 2, v1);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error() == DeserializeTable(bytes).error());
  View::Unref(v1);
}

BOOST_AUTO_TEST_CASE(a_table_in_one_line_is_read_whole) {
  std::string bytes = SerializeTable(Table({Member{"A", "h", 1, "10.0.0.1", ""}}));
  for (size_t at = bytes.find('\n'); at != std::string::npos; at = bytes.find('\n')) {
    bytes.erase(at, 1);
  }
  auto view = View::Create(bytes, 1, nullptr);
  BOOST_REQUIRE_MESSAGE(view.ok(), view.error());
  BOOST_TEST((*view)->Find("v.local")->members[0].name == "10.0.0.1:1");
  View::Unref(*view);
}

BOOST_AUTO_TEST_CASE(lines_that_read_only_one_by_one_are_refused_as_the_whole_table_is) {
  const std::string header = "{\"generation\":1,\"leader\":\"\",\"fetched_at_ms\":0,\"vhosts\":{\n";
  const std::string bytes = header + R"("a.local":[]},"x":{)" + ",\n" + R"("b.local":[])" + "\n}}";
  BOOST_TEST(!DeserializeTable(bytes).ok());
  BOOST_TEST(!View::Create(bytes, 1, nullptr).ok());
}

BOOST_AUTO_TEST_CASE(bytes_are_accepted_exactly_when_the_table_reads) {
  RoutingTable t = Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"A", "h", 2, "::1", "c"}});
  t.vhosts["w.local"] = {};
  const std::string bytes = SerializeTable(t);
  for (size_t at = 0; at < bytes.size(); ++at) {
    View* before = ViewOf(t, 1);
    std::string mangled = bytes;
    mangled[at] = static_cast<char>(mangled[at] ^ 0x21);
    auto view = View::Create(mangled, 2, before);
    BOOST_TEST(view.ok() == DeserializeTable(mangled).ok(), "byte " << at);
    if (view.ok()) View::Unref(*view);
    View::Unref(before);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::gateway
