// Stored executor records: written when first seen and when they change (not per snapshot),
// restored on load so a new leader places at once, deleted when the executor is removed.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";

json StoredExecutor(const Harness& h, const std::string& id) {
  return json::parse(h.data->at(store::kExecutor).at(id));
}

BOOST_AUTO_TEST_SUITE(executor_records)

BOOST_AUTO_TEST_CASE(a_snapshot_writes_the_record_only_when_it_changes) {
  Harness h;
  h.Snapshot();
  json stored = StoredExecutor(h, "ex1");
  BOOST_CHECK_EQUAL(stored["hostname"], "ex1.host");
  BOOST_CHECK_EQUAL(stored["port"], 3000);
  BOOST_CHECK_EQUAL(stored["executorState"], "ACTIVE");
  BOOST_CHECK_EQUAL(stored["layout"]["memory"]["0"], 8192);
  const int writes = h.store->applied();
  for (int i = 0; i < 5; ++i) h.Snapshot();
  BOOST_CHECK_EQUAL(h.store->applied(), writes);  // snapshots repeat it: nothing written
  h.Snapshot(json::array(), "ex1", json::array({"gpu"}));
  BOOST_CHECK_EQUAL(h.store->applied(), writes + 1);
  BOOST_CHECK_EQUAL(StoredExecutor(h, "ex1")["tags"], json::array({"gpu", "ex1.host"}));
}

BOOST_AUTO_TEST_CASE(a_snapshot_the_store_refuses_is_taken_from_the_next_one) {
  Harness h;
  h.store->FailApplies(core::StatusCode::kUnavailable, 1);
  BOOST_CHECK(!h.core().HandleExecutorMessage(Harness::SnapshotMessage()).ok());
  BOOST_CHECK(h.data->count(store::kExecutor) == 0 || h.data->at(store::kExecutor).empty());
  h.Run();  // a new term, from the store
  BOOST_CHECK(!h.core().Executor("ex1").has_value());
  h.Snapshot();
  BOOST_CHECK_EQUAL(StoredExecutor(h, "ex1")["executorId"], "ex1");
}

BOOST_AUTO_TEST_CASE(restored_executors_allow_placement_before_any_snapshot) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness first(data);
    first.Snapshot();
  }
  Harness second(data);
  BOOST_CHECK(second.core().Executor("ex1").has_value());
  BOOST_CHECK_EQUAL(second.core().ClusterSummary()["numExecutors"], 1);
  BOOST_REQUIRE(second.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
  second.Run(6);
  BOOST_CHECK_EQUAL(second.CountState(kWeb, "HEALTHY"), 2);
  BOOST_REQUIRE_EQUAL(second.calls().starts.size(), 2u);
  BOOST_CHECK_EQUAL(second.calls().starts[0].executor.host, "ex1.host");
  BOOST_CHECK_EQUAL(second.calls().starts[0].executor.port, 3000);
  // The restored executor's first snapshot is no news: no EXECUTOR_ADDED, no write.
  const int writes = second.store->applied();
  second.Heartbeat();
  BOOST_CHECK_EQUAL(second.store->applied(), writes);
  BOOST_CHECK(!second.core().EventsSummary(0)["eventsCount"].contains("EXECUTOR_ADDED"));
}

BOOST_AUTO_TEST_CASE(restored_executor_keeps_its_instances_cores_reserved) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness first(data);
    first.Snapshot();
    BOOST_REQUIRE(first.core().SubmitAppOperation(CreateOp(AppSpec(), 3)).ok());
    first.Run(8);
    BOOST_REQUIRE_EQUAL(first.CountState(kWeb, "HEALTHY"), 3);
  }
  Harness second(data);
  json summary = second.core().ClusterSummary();
  BOOST_CHECK_EQUAL(summary["usedCores"], 3);
  BOOST_CHECK_EQUAL(summary["freeCores"], 5);
}

BOOST_AUTO_TEST_CASE(a_restored_executor_that_never_reports_is_removed_with_its_record) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness first(data);
    first.Snapshot();
  }
  Harness second(data);
  second.Run(4, 250, false);
  BOOST_CHECK(second.core().Executor("ex1").has_value());
  second.now() += 31'000;  // executorLostTimeout is 30 s, counted from the load
  second.core().engine().Tick();
  BOOST_CHECK(!second.core().Executor("ex1").has_value());
  BOOST_CHECK(data->at(store::kExecutor).empty());
  Harness third(data);
  auto refused = third.core().SubmitAppOperation(CreateOp(AppSpec(), 1));
  BOOST_REQUIRE(!refused.ok());
  BOOST_CHECK_EQUAL(refused.refusal.errors.at(0), "No executors on cluster");
}

BOOST_AUTO_TEST_CASE(an_unreadable_record_is_skipped_and_the_leader_still_loads) {
  auto data = std::make_shared<MemoryStore::Data>();
  (*data)[store::kExecutor]["bad"] = "{not json";
  (*data)[store::kExecutor]["ex9"] = R"({"executorId":"ex9"})";  // no address
  Harness h(data);
  BOOST_CHECK(h.core().IsLeader());
  BOOST_CHECK(h.core().Executors().empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
