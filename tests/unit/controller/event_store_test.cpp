// Event store semantics (drove-api.md 2.1): strictly-greater cursor, newest first, lastSyncTime, retention.
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/model/event_store.h"

namespace drove::controller {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(event_store)

BOOST_AUTO_TEST_CASE(cursor_is_strictly_greater_and_newest_first) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  json empty = store.Since(42, 10);
  BOOST_CHECK(empty["events"].empty());
  BOOST_CHECK_EQUAL(empty["lastSyncTime"], 42);
  store.Add(core::EventType::kAppStateChange, {{"APP_ID", "a"}});
  now = 2000;
  store.Add(core::EventType::kInstanceStateChange, {{"INSTANCE_ID", "i"}});
  json all = store.Since(0, 10);
  BOOST_REQUIRE_EQUAL(all["events"].size(), 2u);
  BOOST_CHECK_EQUAL(all["events"][0]["time"], 2000);
  BOOST_CHECK_EQUAL(all["events"][1]["type"], "APP_STATE_CHANGE");
  BOOST_CHECK_EQUAL(all["lastSyncTime"], 2000);
  BOOST_CHECK_EQUAL(store.Since(1000, 10)["events"].size(), 1u);
  json none = store.Since(2000, 10);
  BOOST_CHECK(none["events"].empty());
  BOOST_CHECK_EQUAL(none["lastSyncTime"], 2000);
  BOOST_CHECK_EQUAL(store.Since(0, 1)["events"][0]["time"], 2000);  // newest kept
}

BOOST_AUTO_TEST_CASE(summary_counts_new_events_by_type) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  BOOST_CHECK(store.Summary(0)["eventsCount"].empty());
  store.Add(core::EventType::kAppStateChange, json::object());
  store.Add(core::EventType::kAppStateChange, json::object());
  now = 1500;
  store.Add(core::EventType::kExecutorAdded, json::object());
  json summary = store.Summary(999);
  BOOST_CHECK_EQUAL(summary["eventsCount"]["APP_STATE_CHANGE"], 2);
  BOOST_CHECK_EQUAL(summary["eventsCount"]["EXECUTOR_ADDED"], 1);
  BOOST_CHECK_EQUAL(summary["lastSyncTime"], 1500);
  BOOST_CHECK(store.Summary(1500)["eventsCount"].empty());
}

BOOST_AUTO_TEST_CASE(events_older_than_retention_are_dropped) {
  int64_t now = 1000;
  EventStore store(5'000, [&] { return now; });
  store.Add(core::EventType::kAppStateChange, json::object());
  now = 7000;
  BOOST_CHECK(store.Since(0, 10)["events"].empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
