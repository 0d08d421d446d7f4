// Unit tests of a worker's routing view: lookups, groups, addresses, failure state across versions.
#include "gateway-module/lib/worker_view.h"

#include <netinet/in.h>

#include <boost/test/unit_test.hpp>

#include "gateway-module/lib/status_text.h"

namespace drove::gateway {
namespace {

RoutingTable Table(std::vector<Member> members) {
  RoutingTable t;
  t.generation = 1;
  t.vhosts["v.local"] = std::move(members);
  return t;
}

BOOST_AUTO_TEST_SUITE(worker_view)

BOOST_AUTO_TEST_CASE(members_get_socket_addresses_and_names) {
  MemberStates states;
  View* v = new View(Table({Member{"A", "h", 8080, "127.0.0.2", ""}, Member{"A", "h", 81, "::1", ""}}),
                     1, &states);
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
  MemberStates states;
  View* v = new View(Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"B", "h", 2, "10.0.0.2", "canary"}}),
                     1, &states);
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
  MemberStates states;
  View* v = new View(Table({Member{"B", "h", 2, "10.0.0.2", "canary"}}), 1, &states);
  BOOST_TEST(v->SelectGroup(*v->Find("v.local"), "") == nullptr);
  View::Unref(v);
}

BOOST_AUTO_TEST_CASE(failure_state_survives_a_new_version_and_is_dropped_with_the_member) {
  MemberStates states;
  View* v1 = new View(Table({Member{"A", "h", 1, "10.0.0.1", ""}, Member{"A", "h", 2, "10.0.0.2", ""}}),
                      1, &states);
  RecordTry(v1->Find("v.local")->members[0].state.get(), true, 100);
  View* v2 = new View(Table({Member{"A", "h", 1, "10.0.0.1", ""}}), 2, &states);
  BOOST_TEST(v2->Find("v.local")->members[0].state->fails == 1);
  BOOST_TEST(states.size() == 1u);
  // The old view, still pinned by a request, keeps the dropped member's state.
  BOOST_TEST(v1->Find("v.local")->members[1].state->fails == 0);
  View::Unref(v1);
  View::Unref(v2);
}

BOOST_AUTO_TEST_CASE(status_json_lists_vhosts_members_and_their_state) {
  MemberStates states;
  View* v = new View(Table({Member{"A", "h", 1, "10.0.0.1", ""}}), 3, &states);
  RecordTry(v->Find("v.local")->members[0].state.get(), true, 100);
  SyncInfo info;
  info.version = 3;
  info.leader = "http://c";
  std::string json = StatusJson(info, v, 42, 101, PickPolicy{});
  BOOST_TEST(json.find("\"v.local\"") != std::string::npos);
  BOOST_TEST(json.find("\"state\": \"failed\"") != std::string::npos);
  BOOST_TEST(json.find("\"worker_pid\": 42") != std::string::npos);
  std::string metrics = MetricsText(info, {{"v.local", 5, 1}}, v);
  BOOST_TEST(metrics.find("drove_gateway_requests_total{vhost=\"v.local\"} 5\n") != std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_upstream_failures_total{vhost=\"v.local\"} 1\n") !=
             std::string::npos);
  BOOST_TEST(metrics.find("drove_gateway_members 1\n") != std::string::npos);
  View::Unref(v);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::gateway
