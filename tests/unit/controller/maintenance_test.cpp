// Maintenance mode in the core: stored state and events, the settle window after each change, and
// the monitors (outage detection, LOST marking) paused for as long as the window lasts.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";
constexpr int64_t kSettleMs = 40'000;  // CoreOptions' default (Drove: 2 x 20 s)

// Ticks for `seconds` of fake time, one a second, with the executor snapshotting meanwhile.
void RunSeconds(Harness& h, int seconds) {
  for (int i = 0; i < seconds; ++i) {
    h.Heartbeat();
    h.Run(1, 1000);
  }
}

bool HasEvent(Harness& h, const std::string& type) {
  return h.core().EventsSummary(0)["eventsCount"].contains(type);
}

BOOST_AUTO_TEST_SUITE(maintenance)

BOOST_AUTO_TEST_CASE(set_and_unset_store_the_state_and_emit_events) {
  auto data = std::make_shared<MemoryStore::Data>();
  Harness h(data);
  auto set = h.core().SetMaintenance(true);
  BOOST_REQUIRE(set.has_value());
  BOOST_CHECK_EQUAL(*set, json({{"state", "MAINTENANCE"}, {"updated", h.now()}}));
  BOOST_CHECK_EQUAL(h.core().ClusterSummary()["state"], "MAINTENANCE");
  BOOST_CHECK(HasEvent(h, "MAINTENANCE_MODE_SET"));
  BOOST_CHECK_EQUAL(json::parse(data->at(store::kCluster).at("maintenance"))["state"],
                    "MAINTENANCE");
  {
    Harness next_leader(data);  // a new leader keeps it
    BOOST_CHECK_EQUAL(next_leader.core().ClusterSummary()["state"], "MAINTENANCE");
    BOOST_CHECK(next_leader.core().InMaintenanceWindow());
  }
  h.now() += 1000;
  auto unset = h.core().SetMaintenance(false);
  BOOST_REQUIRE(unset.has_value());
  BOOST_CHECK_EQUAL((*unset)["state"], "NORMAL");
  BOOST_CHECK_EQUAL(h.core().ClusterSummary()["state"], "NORMAL");
  json events = h.core().EventsSince(0, 100)["events"];
  BOOST_CHECK_EQUAL(events[0]["type"], "MAINTENANCE_MODE_REMOVED");
  BOOST_CHECK_EQUAL(events[0]["metadata"]["HOSTNAME"], "drove-controller");
}

BOOST_AUTO_TEST_CASE(a_state_the_store_refuses_is_not_changed) {
  Harness h;
  h.store->FailApplies(core::StatusCode::kUnavailable, 1);
  BOOST_CHECK(!h.core().SetMaintenance(true).has_value());
  BOOST_CHECK(!h.core().IsLeader());  // serves nothing until it reloads the model
  h.Run();
  BOOST_CHECK(h.core().IsLeader());
  BOOST_CHECK_EQUAL(h.core().ClusterSummary()["state"], "NORMAL");
  BOOST_CHECK(!h.core().InMaintenanceWindow());
  BOOST_CHECK(!HasEvent(h, "MAINTENANCE_MODE_SET"));
}

BOOST_AUTO_TEST_CASE(the_window_lasts_the_settle_time_after_each_change) {
  Harness h;
  BOOST_CHECK(!h.core().InMaintenanceWindow());
  BOOST_REQUIRE(h.core().SetMaintenance(true));
  h.now() += 10 * kSettleMs;
  BOOST_CHECK(h.core().InMaintenanceWindow());  // for as long as it is set
  BOOST_REQUIRE(h.core().SetMaintenance(false));
  h.now() += kSettleMs - 1;
  BOOST_CHECK(h.core().InMaintenanceWindow());  // still settling
  h.now() += 1;
  BOOST_CHECK(!h.core().InMaintenanceWindow());
}

BOOST_AUTO_TEST_CASE(an_instance_lost_in_maintenance_is_replaced_only_after_the_window) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
  h.Run(6);
  BOOST_REQUIRE_EQUAL(h.CountState(kWeb, "HEALTHY"), 2);
  BOOST_REQUIRE(h.core().SetMaintenance(true));
  const size_t starts = h.calls().starts.size();
  h.Report(h.Instances(kWeb)[0], "STOPPED");  // its container was killed
  RunSeconds(h, 60);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
  BOOST_CHECK_EQUAL(h.AppState(kWeb), "RUNNING");
  BOOST_REQUIRE(h.core().SetMaintenance(false));
  RunSeconds(h, 39);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts);  // the settle time after unset
  RunSeconds(h, 4);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts + 1);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 2);
}

BOOST_AUTO_TEST_CASE(nothing_is_marked_lost_in_maintenance) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(4);
  BOOST_REQUIRE(h.core().SetMaintenance(true));
  h.now() += 5 * 60'000;  // executor and instance silent far past both lost timeouts
  h.Run(2, 250, false);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
  BOOST_CHECK(h.core().Executor("ex1").has_value());
  BOOST_REQUIRE(h.core().SetMaintenance(false));
  h.now() += kSettleMs;
  h.Run(1, 250, false);  // the window is over and they are still silent
  BOOST_CHECK(!h.core().Executor("ex1").has_value());
  BOOST_CHECK_EQUAL(h.core().AppInstances(kWeb, true)[0]["state"], "LOST");
}

BOOST_AUTO_TEST_CASE(a_running_operation_goes_on_in_maintenance) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 3)).ok());
  h.Run(1);
  BOOST_REQUIRE(h.core().SetMaintenance(true));
  h.Run(8);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 3);
  BOOST_CHECK_EQUAL(h.AppState(kWeb), "RUNNING");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
