// Event store semantics (drove-api.md 2.1 and our paging deviation): strictly-greater cursor,
// newest first, lastSyncTime, retention; sequence numbers, resumption and listeners.
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
  json page = store.Since(0, 1);  // over `size`: the oldest, and a cursor to page on
  BOOST_CHECK_EQUAL(page["events"][0]["time"], 1000);
  BOOST_CHECK_EQUAL(page["lastSyncTime"], 1000);
}

BOOST_AUTO_TEST_CASE(paging_with_the_cursor_gets_every_event_even_many_per_millisecond) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  for (int i = 0; i < 5000; ++i) {
    if (i % 7 == 0) ++now;  // several events share each millisecond
    store.Add(core::EventType::kInstanceStateChange, {{"N", i}});
  }
  std::vector<int> seen;
  int64_t cursor = 0;
  for (int pages = 0; pages < 100; ++pages) {
    json page = store.Since(cursor, 100);
    BOOST_REQUIRE(page["events"].size() <= 100u);
    if (page["events"].empty()) break;
    for (auto it = page["events"].rbegin(); it != page["events"].rend(); ++it) {
      seen.push_back((*it)["metadata"]["N"].get<int>());
    }
    cursor = page["lastSyncTime"];
  }
  BOOST_REQUIRE_EQUAL(seen.size(), 5000u);
  for (int i = 0; i < 5000; ++i) BOOST_REQUIRE_EQUAL(seen[i], i);
}

BOOST_AUTO_TEST_CASE(deprecated_list_keeps_the_newest_as_drove_does) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  for (int i = 0; i < 5; ++i) {
    ++now;
    store.Add(core::EventType::kAppStateChange, {{"N", i}});
  }
  json list = store.Newest(0, 2);
  BOOST_REQUIRE_EQUAL(list.size(), 2u);
  BOOST_CHECK_EQUAL(list[0]["metadata"]["N"], 4);
  BOOST_CHECK_EQUAL(list[1]["metadata"]["N"], 3);
  BOOST_CHECK(store.Newest(now, 10).empty());
  BOOST_CHECK(store.Since(0, -1)["events"].empty());
  BOOST_CHECK_EQUAL(store.Since(0, -1)["lastSyncTime"], 0);
}

BOOST_AUTO_TEST_CASE(one_millisecond_larger_than_size_is_returned_whole) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  for (int i = 0; i < 5; ++i) store.Add(core::EventType::kAppStateChange, json::object());
  json page = store.Since(0, 2);
  BOOST_CHECK_EQUAL(page["events"].size(), 5u);
  BOOST_CHECK_EQUAL(page["lastSyncTime"], 1000);
}

BOOST_AUTO_TEST_CASE(sequences_rise_by_one_and_resume_only_without_a_gap) {
  int64_t now = 1000;
  EventStore store(5'000, [&] { return now; });
  store.Add(core::EventType::kAppStateChange, json::object());
  uint64_t first = store.LastSequence();
  store.Add(core::EventType::kAppStateChange, json::object());
  store.Add(core::EventType::kAppStateChange, json::object());
  auto after = store.After(first);
  BOOST_REQUIRE(after.has_value());
  BOOST_REQUIRE_EQUAL(after->size(), 2u);
  BOOST_CHECK_EQUAL((*after)[0]->sequence, first + 1);
  BOOST_CHECK_EQUAL((*after)[1]->sequence, first + 2);
  BOOST_CHECK(store.After(first + 2)->empty());
  BOOST_CHECK(!store.After(first + 3).has_value());  // an id this store never gave
  now = 8000;                                        // all three age out
  BOOST_CHECK(!store.After(first).has_value());
  BOOST_CHECK(store.After(first + 2)->empty());  // nothing missed: nothing new
}

BOOST_AUTO_TEST_CASE(a_new_term_numbers_above_the_last_and_old_ids_cannot_resume) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  store.Add(core::EventType::kAppStateChange, json::object());
  uint64_t old_last = store.LastSequence();
  store.Clear();
  store.Add(core::EventType::kLeadershipAcquired, json::object());
  BOOST_CHECK(store.LastSequence() > old_last + 1);
  BOOST_CHECK(!store.After(old_last).has_value());
  EventStore next_process(60'000, [&] { return now + 1; });
  next_process.Add(core::EventType::kLeadershipAcquired, json::object());
  BOOST_CHECK(next_process.LastSequence() > old_last);
}

struct Recorder : EventListener {
  std::vector<uint64_t> sequences;
  int cleared = 0;
  void OnEvent(const EventPtr& event) override { sequences.push_back(event->sequence); }
  void OnCleared() override { ++cleared; }
};

BOOST_AUTO_TEST_CASE(listeners_hear_every_event_in_order_and_the_clear) {
  int64_t now = 1000;
  EventStore store(60'000, [&] { return now; });
  Recorder recorder;
  store.Subscribe(&recorder);
  store.Add(core::EventType::kAppStateChange, json::object());
  store.Add(core::EventType::kExecutorAdded, json::object());
  store.Clear();
  BOOST_REQUIRE_EQUAL(recorder.sequences.size(), 2u);
  BOOST_CHECK_EQUAL(recorder.sequences[1], recorder.sequences[0] + 1);
  BOOST_CHECK_EQUAL(recorder.cleared, 1);
  store.Unsubscribe(&recorder);
  store.Add(core::EventType::kAppStateChange, json::object());
  BOOST_CHECK_EQUAL(recorder.sequences.size(), 2u);
  EventFigures figures = store.Figures();
  BOOST_CHECK_EQUAL(figures.stored, 1);
  BOOST_CHECK_EQUAL(figures.added_by_type["APP_STATE_CHANGE"], 2);
  BOOST_CHECK_EQUAL(figures.added_by_type["EXECUTOR_ADDED"], 1);
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
