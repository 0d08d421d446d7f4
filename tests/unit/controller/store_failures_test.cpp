// The core against a failing store: memory changes only after a write succeeded, a failed write
// is a clear refusal, and nothing is half-written.
#include <boost/test/unit_test.hpp>

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
  BOOST_CHECK(h.core().AppSummary(kWeb) == std::nullopt);
  h.Run(4);
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

BOOST_AUTO_TEST_CASE(a_failed_instance_write_keeps_the_instance_out_of_memory) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  h.store->FailApplies(core::StatusCode::kUnavailable, -1);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 1}})).ok() ==
                false);
  h.Run(4);
  BOOST_CHECK(h.calls().starts.empty());  // nothing placed without a stored PENDING record
  BOOST_CHECK(h.Instances(kWeb).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
