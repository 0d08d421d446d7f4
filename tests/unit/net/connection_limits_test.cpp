// Tests for ConnectionLimits: total and per-client connection counts, the per-client token
// bucket, limits turned off by 0, and clients forgotten once they hold nothing.
#include "orchestrator/core/net/connection_limits.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {
namespace {

using Verdict = ConnectionLimits::Verdict;
using std::chrono::milliseconds;

const ConnectionLimits::Clock::time_point kStart{};

}  // namespace

BOOST_AUTO_TEST_SUITE(connection_limits)

BOOST_AUTO_TEST_CASE(per_client_limit_refuses_only_that_client) {
  ConnectionLimits limits({100, 2, 0, 0});
  BOOST_TEST((limits.Open("127.0.0.2", kStart) == Verdict::kAdmitted));
  BOOST_TEST((limits.Open("127.0.0.2", kStart) == Verdict::kAdmitted));
  BOOST_TEST((limits.Open("127.0.0.2", kStart) == Verdict::kTooManyFromClient));
  BOOST_TEST((limits.Open("127.0.0.1", kStart) == Verdict::kAdmitted));
  BOOST_TEST(limits.open_connections() == 3);
  limits.Close("127.0.0.2", kStart);
  BOOST_TEST((limits.Open("127.0.0.2", kStart) == Verdict::kAdmitted));
}

BOOST_AUTO_TEST_CASE(total_limit_refuses_every_client) {
  ConnectionLimits limits({2, 10, 0, 0});
  BOOST_TEST((limits.Open("a", kStart) == Verdict::kAdmitted));
  BOOST_TEST((limits.Open("b", kStart) == Verdict::kAdmitted));
  BOOST_TEST((limits.Open("c", kStart) == Verdict::kTooManyConnections));
  limits.Close("a", kStart);
  BOOST_TEST((limits.Open("c", kStart) == Verdict::kAdmitted));
}

BOOST_AUTO_TEST_CASE(token_bucket_allows_the_burst_then_the_rate) {
  ConnectionLimits limits({0, 0, 10, 5});
  for (int i = 0; i < 5; ++i) BOOST_TEST(limits.TakeRequest("a", kStart));
  BOOST_TEST(!limits.TakeRequest("a", kStart));
  BOOST_TEST(limits.TakeRequest("b", kStart));  // each client has its own bucket
  BOOST_TEST(!limits.TakeRequest("a", kStart + milliseconds(50)));
  BOOST_TEST(limits.TakeRequest("a", kStart + milliseconds(100)));  // 10/s: one every 100 ms
  BOOST_TEST(!limits.TakeRequest("a", kStart + milliseconds(100)));
  // A long pause refills to the burst, not beyond.
  for (int i = 0; i < 5; ++i) BOOST_TEST(limits.TakeRequest("a", kStart + milliseconds(60000)));
  BOOST_TEST(!limits.TakeRequest("a", kStart + milliseconds(60000)));
}

BOOST_AUTO_TEST_CASE(zero_turns_every_limit_off) {
  ConnectionLimits limits({0, 0, 0, 0});
  for (int i = 0; i < 10000; ++i) {
    BOOST_REQUIRE((limits.Open("a", kStart) == Verdict::kAdmitted));
    BOOST_REQUIRE(limits.TakeRequest("a", kStart));
  }
}

BOOST_AUTO_TEST_CASE(clients_are_forgotten_once_closed_and_refilled) {
  ConnectionLimits limits({0, 0, 10, 10});
  limits.Open("a", kStart);
  for (int i = 0; i < 10; ++i) limits.TakeRequest("a", kStart);
  limits.Close("a", kStart);
  BOOST_TEST(limits.tracked_clients() == 1u);  // its empty bucket is remembered
  BOOST_TEST(!limits.TakeRequest("a", kStart));
  for (int i = 0; i < 2000; ++i) {
    std::string client = "10.0.0." + std::to_string(i);
    limits.Open(client, kStart + milliseconds(5000));
    limits.Close(client, kStart + milliseconds(5000));
  }
  limits.Open("b", kStart + milliseconds(5000));
  BOOST_TEST(limits.tracked_clients() <= 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core
