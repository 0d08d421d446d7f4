// The core against a failing store: a failed write is a clear refusal, the node serves nothing
// until it has reloaded the model from the store, and nothing is half-written.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";

BOOST_AUTO_TEST_SUITE(store_failures)

BOOST_AUTO_TEST_CASE(an_unavailable_store_refuses_the_operation_and_changes_nothing) {
  Harness h;
  h.Snapshot();
  h.store->FailApplies(core::StatusCode::kUnavailable, -1);
  auto refused = h.core().SubmitAppOperation(CreateOp(AppSpec(), 1));
  BOOST_REQUIRE(!refused.ok());
  BOOST_CHECK_EQUAL(refused.refusal.errors.at(0), "injected store failure");
  BOOST_CHECK(refused.refusal.store_unavailable);  // 503 at the API: retry, nothing was judged
  BOOST_CHECK(!h.core().IsLeader());
  h.Run(4);
  BOOST_CHECK(h.core().AppSummary(kWeb) == std::nullopt);
  BOOST_CHECK(h.calls().starts.empty());
  h.store->FailApplies(core::StatusCode::kOk, 0);
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(4);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(a_spec_over_the_record_limit_is_refused_naming_the_limit) {
  Harness h;
  h.Snapshot();
  json spec = AppSpec();
  spec["env"] = {{"BIG", std::string(store::kMaxRecordBytes, 'x')}};
  auto refused = h.core().SubmitAppOperation(CreateOp(spec, 1));
  BOOST_REQUIRE(!refused.ok());
  BOOST_CHECK(!refused.refusal.store_unavailable);  // the client's doing: 400
  const std::string& error = refused.refusal.errors.at(0);
  BOOST_CHECK_MESSAGE(error.find("app web-1") != std::string::npos, error);
  BOOST_CHECK_MESSAGE(error.find("1000000-byte record limit") != std::string::npos, error);
  BOOST_CHECK(h.data->count(store::kApp) == 0 || h.data->at(store::kApp).empty());
}

BOOST_AUTO_TEST_CASE(a_tick_whose_write_fails_sends_nothing_and_the_next_term_does_it_once) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  h.Run(4);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 1}})).ok());
  h.store->FailApplies(core::StatusCode::kUnavailable, 1);  // the tick's first write
  h.Run(1, 250, false);
  BOOST_CHECK(h.calls().starts.empty());  // nothing is sent on a change the store did not take
  BOOST_CHECK(!h.core().IsLeader());
  h.Run(6);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 1u);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(reads_are_served_while_a_write_waits_on_the_store) {
  Harness h;
  h.Snapshot();
  h.store->HoldApplies(true);
  auto write = std::async(std::launch::async, [&] {
    return h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok();
  });
  // The model shows the app while its write is still in the store's hands: reads do not wait.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!h.core().AppSummary(kWeb) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  BOOST_CHECK(h.core().AppSummary(kWeb).has_value());
  BOOST_CHECK(write.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout);
  BOOST_CHECK(h.data->count(store::kApp) == 0 || h.data->at(store::kApp).empty());
  h.store->HoldApplies(false);
  BOOST_CHECK(write.get());  // answered only once stored
  BOOST_CHECK_EQUAL(h.data->at(store::kApp).size(), 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
