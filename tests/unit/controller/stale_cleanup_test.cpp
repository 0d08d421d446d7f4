// Stale data cleanup (Drove's StaleDataCleaner): finished tasks, old instance records beyond the
// count or the age, and apps idle in MONITORING go; everything else stays.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";
constexpr int64_t kMinute = 60 * 1000;

StaleAges TenMinutes() {
  return StaleAges{10 * kMinute, 10 * kMinute, 10 * kMinute, 2, 10 * kMinute};
}

// Lets `minutes` pass with the executor reporting every 20 s (so nothing is judged lost).
void Idle(Harness& h, int minutes) {
  for (int i = 0; i < 3 * minutes; ++i) {
    h.Heartbeat();
    h.Run(1, kMinute / 3);
  }
}

size_t StoredInstances(const Harness& h) {
  return h.data->count(store::kInstance) ? h.data->at(store::kInstance).size() : 0;
}

BOOST_AUTO_TEST_SUITE(stale_cleanup)

BOOST_AUTO_TEST_CASE(old_instance_records_beyond_the_count_or_the_age_are_deleted) {
  Harness h(nullptr, nullptr, TenMinutes());
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(6);
  BOOST_REQUIRE_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
  for (int i = 0; i < 3; ++i) {
    BOOST_REQUIRE(h.core().SubmitAppOperation(Op("REPLACE_INSTANCES", kWeb)).ok());
    h.Run(8);
  }
  BOOST_REQUIRE_EQUAL(h.core().AppInstances(kWeb, true).size(), 3u);
  Idle(h, 1);  // the next cleanup keeps the newest two
  BOOST_CHECK_EQUAL(h.core().AppInstances(kWeb, true).size(), 2u);
  BOOST_CHECK_EQUAL(StoredInstances(h), 3u);  // the live one and two old ones
  Idle(h, 10);  // now every old record is past the age
  BOOST_CHECK(h.core().AppInstances(kWeb, true).empty());
  BOOST_CHECK_EQUAL(StoredInstances(h), 1u);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(an_app_idle_in_monitoring_is_destroyed_and_a_running_one_is_not) {
  Harness h(nullptr, nullptr, TenMinutes());
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec("idle"), 0)).ok());
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec("busy"), 1)).ok());
  h.Run(6);
  Idle(h, 9);
  BOOST_CHECK(h.core().AppSummary("idle-1").has_value());  // not yet ten minutes
  Idle(h, 3);
  BOOST_CHECK(!h.core().AppSummary("idle-1").has_value());
  BOOST_CHECK(h.data->at(store::kApp).count("idle-1") == 0);
  BOOST_CHECK(h.core().AppSummary("busy-1").has_value());
  BOOST_CHECK_EQUAL(h.CountState("busy-1", "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(a_local_service_left_inactive_is_destroyed_and_an_active_one_is_not) {
  Harness h(nullptr, nullptr, TenMinutes());
  h.Snapshot();
  json spec = AppSpec("svc");
  spec.erase("exposureSpec");
  spec["type"] = "LOCAL_SERVICE";
  spec["placementPolicy"] = {{"type", "LOCAL"}, {"hostLevel", false}};
  for (const char* version : {"1", "2"}) {
    spec["version"] = version;
    json create{{"type", "CREATE"}, {"spec", spec}, {"instancesPerHost", 1}};
    BOOST_REQUIRE(h.core().SubmitLocalServiceOperation(create).ok());
  }
  BOOST_REQUIRE(
      h.core().SubmitLocalServiceOperation({{"type", "ACTIVATE"}, {"serviceId", "svc-2"}}).ok());
  Idle(h, 9);
  BOOST_CHECK(h.core().LocalServiceSummary("svc-1").has_value());  // not yet ten minutes
  Idle(h, 3);
  BOOST_CHECK(!h.core().LocalServiceSummary("svc-1").has_value());
  BOOST_CHECK_EQUAL(h.data->at(store::kLocalService).count("svc-1"), 0u);
  BOOST_CHECK_EQUAL((*h.core().LocalServiceSummary("svc-2"))["state"], "ACTIVE");
}

BOOST_AUTO_TEST_CASE(finished_tasks_are_deleted_after_the_task_age) {
  Harness h(nullptr, nullptr, TenMinutes());
  h.Snapshot();
  json spec{{"sourceAppName", "epoch"}, {"taskId", "t1"},
            {"executable", {{"type", "DOCKER"}, {"url", "task:1"}, {"dockerPullTimeout", "1m"}}},
            {"resources", {{{"type", "CPU"}, {"count", 1}}, {{"type", "MEMORY"}, {"sizeInMB", 64}}}}};
  BOOST_REQUIRE(h.core().SubmitTaskOperation({{"type", "CREATE"}, {"spec", spec}}).ok());
  h.Run(1, 250, false);
  json task = *h.core().Task("epoch", "t1");
  task["state"] = "STOPPED";
  task["taskResult"] = {{"status", "SUCCESSFUL"}, {"exitCode", 0}};
  task["updated"] = h.now();
  BOOST_REQUIRE(h.core().HandleExecutorMessage({{"type", "TASK_STATE"}, {"task", task}}).ok());
  Idle(h, 9);
  BOOST_CHECK(h.core().Task("epoch", "t1").has_value());
  Idle(h, 3);
  BOOST_CHECK(!h.core().Task("epoch", "t1").has_value());
  BOOST_CHECK(h.data->count(store::kTask) == 0 || h.data->at(store::kTask).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
