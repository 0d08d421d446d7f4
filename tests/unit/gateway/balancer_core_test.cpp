// Unit tests of member choice: round robin, least connections, tried members, passive failures.
#include "gateway-module/lib/balancer_core.h"

#include <boost/test/unit_test.hpp>

namespace drove::gateway {
namespace {

struct Members {
  explicit Members(size_t n) : states(n), tried(n, false) {
    for (auto& s : states) ptrs.push_back(&s);
  }
  std::vector<MemberState> states;
  std::vector<MemberState*> ptrs;
  std::vector<uint8_t> tried;
};

BOOST_AUTO_TEST_SUITE(balancer_core)

BOOST_AUTO_TEST_CASE(round_robin_visits_every_member_in_turn) {
  Members m(3);
  PickPolicy p;
  uint32_t cursor = 0;
  std::vector<int> picks;
  for (int i = 0; i < 6; ++i) picks.push_back(PickMember(m.ptrs, m.tried.data(), p, 100, &cursor));
  BOOST_TEST(picks == (std::vector<int>{0, 1, 2, 0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(a_retry_never_returns_a_member_this_request_tried) {
  Members m(2);
  PickPolicy p;
  uint32_t cursor = 0;
  int first = PickMember(m.ptrs, m.tried.data(), p, 100, &cursor);
  m.tried[first] = 1;
  int second = PickMember(m.ptrs, m.tried.data(), p, 100, &cursor);
  BOOST_TEST(second != first);
  m.tried[second] = 1;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 100, &cursor) == -1);
}

BOOST_AUTO_TEST_CASE(failed_member_is_skipped_until_fail_timeout_passes) {
  Members m(2);
  PickPolicy p;
  p.max_fails = 1;
  p.fail_timeout_s = 10;
  RecordTry(&m.states[0], true, 100);
  uint32_t cursor = 0;
  for (int i = 0; i < 4; ++i) BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 105, &cursor) == 1);
  cursor = 0;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 111, &cursor) == 0);
  RecordTry(&m.states[0], false, 111);
  BOOST_TEST(m.states[0].fails == 0);
}

BOOST_AUTO_TEST_CASE(when_every_member_failed_they_are_tried_anyway) {
  Members m(2);
  PickPolicy p;
  RecordTry(&m.states[0], true, 100);
  RecordTry(&m.states[1], true, 100);
  uint32_t cursor = 0;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 101, &cursor) >= 0);
}

BOOST_AUTO_TEST_CASE(max_fails_zero_disables_failure_accounting) {
  Members m(2);
  PickPolicy p;
  p.max_fails = 0;
  RecordTry(&m.states[0], true, 100);
  uint32_t cursor = 0;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 101, &cursor) == 0);
}

BOOST_AUTO_TEST_CASE(least_conn_picks_the_member_with_fewest_tries_in_flight) {
  Members m(3);
  PickPolicy p;
  p.method = Method::kLeastConn;
  m.states[0].conns = 5;
  m.states[1].conns = 1;
  m.states[2].conns = 3;
  uint32_t cursor = 0;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), p, 100, &cursor) == 1);
}

BOOST_AUTO_TEST_CASE(least_conn_rotates_between_equally_loaded_members) {
  Members m(3);
  PickPolicy p;
  p.method = Method::kLeastConn;
  uint32_t cursor = 0;
  std::vector<int> picks;
  for (int i = 0; i < 3; ++i) picks.push_back(PickMember(m.ptrs, m.tried.data(), p, 100, &cursor));
  BOOST_TEST(picks == (std::vector<int>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(empty_group_yields_no_member) {
  Members m(0);
  uint32_t cursor = 0;
  BOOST_TEST(PickMember(m.ptrs, m.tried.data(), PickPolicy{}, 100, &cursor) == -1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::gateway
