// Two-phase blacklisting in the core: BLACKLIST_REQUESTED, app instances replaced elsewhere
// (start first), BLACKLISTED once empty, no placement meanwhile, unblacklisting, and a pending
// blacklist that survives a leader change.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";

int OnExecutor(Harness& h, const std::string& executor_id, const std::string& state = "HEALTHY") {
  int n = 0;
  for (const auto& info : h.Instances(kWeb)) {
    n += info["executorId"] == executor_id && info["state"] == state;
  }
  return n;
}

std::string StateOf(Harness& h, const std::string& executor_id) {
  auto data = h.core().Executor(executor_id);
  return data ? (*data)["executorState"].get<std::string>() : "NONE";
}

bool HasEvent(Harness& h, const std::string& type) {
  return h.core().EventsSummary(0)["eventsCount"].contains(type);
}

// web-1 at 4 HEALTHY instances, 3 of them on ex1 and 1 on ex2.
void ThreeOnExOne(Harness& h) {
  h.Snapshot(json::array(), "ex1");
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 3)).ok());
  h.Run(8);
  h.Snapshot(json::array(), "ex2");
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 4}})).ok());
  h.Run(4);
  BOOST_REQUIRE_EQUAL(OnExecutor(h, "ex1"), 3);
  BOOST_REQUIRE_EQUAL(OnExecutor(h, "ex2"), 1);
  BOOST_REQUIRE_EQUAL(h.AppState(kWeb), "RUNNING");
}

// Ticks until ex1 is BLACKLISTED, checking after every tick that web-1 keeps 3 HEALTHY; returns
// the fewest HEALTHY seen.
int RunUntilBlacklisted(Harness& h) {
  int fewest = h.CountState(kWeb, "HEALTHY");
  for (int i = 0; i < 80 && StateOf(h, "ex1") != "BLACKLISTED"; ++i) {
    h.Run(1);
    fewest = std::min(fewest, h.CountState(kWeb, "HEALTHY"));
    BOOST_REQUIRE_GE(fewest, 3);
  }
  BOOST_REQUIRE_EQUAL(StateOf(h, "ex1"), "BLACKLISTED");
  return fewest;
}

BOOST_AUTO_TEST_SUITE(blacklisting)

BOOST_AUTO_TEST_CASE(instances_move_start_first_and_the_executor_ends_blacklisted) {
  Harness h;
  ThreeOnExOne(h);
  const json response = h.core().BlacklistExecutors({"ex1"});
  BOOST_CHECK_EQUAL(response, json::parse(R"({"successful":["ex1"],"failed":[],
      "approxCompletionTimeMs":900000,
      "message":"Blacklisting successful and app movement scheduled"})"));
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "BLACKLIST_REQUESTED");
  BOOST_CHECK(HasEvent(h, "EXECUTOR_BLACKLIST_REQUESTED"));
  BOOST_CHECK_EQUAL(json::parse(h.data->at(store::kExecutor).at("ex1"))["executorState"],
                    "BLACKLIST_REQUESTED");
  const size_t starts_before = h.calls().starts.size();
  // Start first: each old instance stops only once its replacement is HEALTHY, so here (reports
  // arrive at once) the app never even drops below its 4.
  BOOST_CHECK_EQUAL(RunUntilBlacklisted(h), 4);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex2"), 4);
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 4);
  BOOST_CHECK_EQUAL(h.AppState(kWeb), "RUNNING");
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts_before + 3);
  for (size_t i = starts_before; i < h.calls().starts.size(); ++i) {
    BOOST_CHECK_EQUAL(h.calls().starts[i].executor.executor_id, "ex2");
  }
  BOOST_CHECK(HasEvent(h, "EXECUTOR_BLACKLISTED"));
  json summary = h.core().ClusterSummary();  // a blacklisted executor is off duty
  BOOST_CHECK_EQUAL(summary["numExecutors"], 1);
  BOOST_CHECK_EQUAL(summary["totalCores"], 8);
  for (const auto& executor : h.core().Executors()) {
    BOOST_CHECK_EQUAL(executor["state"],
                      executor["executorId"] == "ex1" ? "BLACKLISTED" : "ACTIVE");
  }
}

BOOST_AUTO_TEST_CASE(no_placement_lands_on_a_blacklisted_executor_until_unblacklisted) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  BOOST_CHECK_EQUAL(h.core().BlacklistExecutors({"ex1"})["approxCompletionTimeMs"], 0);
  h.Run(1);
  BOOST_REQUIRE_EQUAL(StateOf(h, "ex1"), "BLACKLISTED");  // nothing to move
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 3)).ok());
  h.Run(8);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex2"), 3);
  auto refused = h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 12}}));
  BOOST_REQUIRE(!refused.ok());
  const std::string& why = refused.refusal.errors.at(0);
  BOOST_CHECK_MESSAGE(why.find("ex1: executor is BLACKLISTED") != std::string::npos, why);

  const json back = h.core().UnblacklistExecutors({"ex1"});
  BOOST_CHECK_EQUAL(back["successful"], json::array({"ex1"}));
  BOOST_CHECK_EQUAL(back["message"], "Unblacklisting successful for all executors");
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "ACTIVE");
  BOOST_CHECK(HasEvent(h, "EXECUTOR_UN_BLACKLISTED"));
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 4}})).ok());
  h.Run(4);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex1"), 1);
}

// Operators blacklist a host before taking it down: when it comes back (even to a new leader),
// it must still be blacklisted, not ACTIVE and open to placements.
BOOST_AUTO_TEST_CASE(a_blacklisted_executor_that_was_removed_comes_back_blacklisted) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness h(data);
    h.Snapshot(json::array(), "ex1");
    h.Snapshot(json::array(), "ex2");
    h.core().BlacklistExecutors({"ex1"});
    h.Run(1);
    BOOST_REQUIRE_EQUAL(StateOf(h, "ex1"), "BLACKLISTED");
    h.now() += 31'000;
    h.Snapshot(json::array(), "ex2");  // ex2 keeps reporting; ex1 is silent (host down)
    h.Run(1);
    BOOST_REQUIRE_EQUAL(StateOf(h, "ex1"), "NONE");  // removed
  }
  Harness h(data);  // a new leader
  h.Snapshot(json::array(), "ex2");
  h.Snapshot(json::array(), "ex1");  // the host is back
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "BLACKLISTED");
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
  h.Run(8);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex1"), 0);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex2"), 2);
  h.core().UnblacklistExecutors({"ex1"});
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "ACTIVE");
  BOOST_CHECK(h.data->at(store::kCluster).count(kOffDutyRecordId) == 0);  // nothing left behind
}

BOOST_AUTO_TEST_CASE(a_removed_blacklisted_executor_can_be_unblacklisted_before_it_returns) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  h.core().BlacklistExecutors({"ex1"});
  h.Run(1);
  h.now() += 31'000;
  h.Snapshot(json::array(), "ex2");
  h.Run(1);
  BOOST_REQUIRE_EQUAL(StateOf(h, "ex1"), "NONE");  // removed while blacklisted
  const json back = h.core().UnblacklistExecutors({"ex1", "nope"});
  BOOST_CHECK_EQUAL(back["successful"], json::array({"ex1"}));
  BOOST_CHECK_EQUAL(back["failed"], json::array({"nope"}));
  h.Snapshot(json::array(), "ex1");
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "ACTIVE");
}

BOOST_AUTO_TEST_CASE(unknown_and_already_blacklisted_executors_fail) {
  Harness h;
  h.Snapshot();
  json first = h.core().BlacklistExecutors({"nope", "ex1", "ex1"});
  BOOST_CHECK_EQUAL(first["successful"], json::array({"ex1"}));
  BOOST_CHECK_EQUAL(first["failed"], json::array({"nope"}));
  h.Run(1);
  json again = h.core().BlacklistExecutors({"ex1"});
  BOOST_CHECK_EQUAL(again, json::parse(R"({"successful":[],"failed":["ex1"],
      "approxCompletionTimeMs":0,
      "message":"Blacklisting could not be applied to any of the executors"})"));
  json back = h.core().UnblacklistExecutors({"ex1", "nope"});
  BOOST_CHECK_EQUAL(back["successful"], json::array({"ex1"}));
  BOOST_CHECK_EQUAL(back["failed"], json::array({"nope"}));
  BOOST_CHECK_EQUAL(back["message"],
                    "Unblacklisting successful for some executors. Check logs for details.");
  BOOST_CHECK_EQUAL(h.core().UnblacklistExecutors({"ex1"})["successful"], json::array({"ex1"}));
}

BOOST_AUTO_TEST_CASE(a_new_leader_resumes_a_pending_blacklist) {
  auto data = std::make_shared<MemoryStore::Data>();
  int64_t clock = 0;
  {
    Harness first(data);
    ThreeOnExOne(first);
    first.core().BlacklistExecutors({"ex1"});
    first.Run(3);
    BOOST_REQUIRE_EQUAL(StateOf(first, "ex1"), "BLACKLIST_REQUESTED");
    BOOST_REQUIRE_GE(OnExecutor(first, "ex1"), 1);
    clock = first.now();
  }
  Harness second(data);
  second.now() = clock + 1000;  // the same cluster clock (reports older than a record are ignored)
  BOOST_CHECK_EQUAL(StateOf(second, "ex1"), "BLACKLIST_REQUESTED");
  second.Heartbeat("ex1");
  second.Heartbeat("ex2");
  RunUntilBlacklisted(second);
  BOOST_CHECK_EQUAL(OnExecutor(second, "ex2"), 4);
  BOOST_CHECK_EQUAL(second.CountState(kWeb, "HEALTHY"), 4);
}

BOOST_AUTO_TEST_CASE(moves_wait_for_the_end_of_the_maintenance_window) {
  Harness h;
  ThreeOnExOne(h);
  h.core().BlacklistExecutors({"ex1"});
  BOOST_REQUIRE(h.core().SetMaintenance(true));
  const size_t starts = h.calls().starts.size();
  h.Run(8);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex1"), 3);
  BOOST_REQUIRE(h.core().SetMaintenance(false));
  h.now() += 40'000;
  h.Heartbeat("ex1");
  h.Heartbeat("ex2");
  RunUntilBlacklisted(h);
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex2"), 4);
}

BOOST_AUTO_TEST_CASE(a_start_placed_before_the_blacklist_is_not_sent_there) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  h.calls().fail = true;  // the first start is not delivered ...
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(1, 250, false);
  const json pending = h.Instances(kWeb).at(0);
  BOOST_REQUIRE_EQUAL(pending["executorId"], "ex1");
  BOOST_REQUIRE_EQUAL(pending["state"], "PENDING");
  h.core().BlacklistExecutors({"ex1"});  // ... and its executor is blacklisted meanwhile
  h.calls().fail = false;
  h.Run(6);
  json abandoned = *h.core().AppInstance(kWeb, pending["instanceId"]);
  BOOST_CHECK_EQUAL(abandoned["state"], "STOPPED");
  BOOST_CHECK_EQUAL(abandoned["errorMessage"], "Executor is blacklisted, not started: ex1");
  BOOST_CHECK_EQUAL(OnExecutor(h, "ex2"), 1);
  for (const auto& start : h.calls().starts) {
    BOOST_CHECK_EQUAL(start.executor.executor_id, "ex2");
    BOOST_CHECK_EQUAL(start.executor.executor_state, "ACTIVE");  // what the executor checks
  }
  BOOST_CHECK_EQUAL(StateOf(h, "ex1"), "BLACKLISTED");
}

BOOST_AUTO_TEST_CASE(a_task_placed_before_the_blacklist_fails_unstarted) {
  Harness h;
  h.Snapshot();
  h.calls().fail = true;
  json spec{
      {"sourceAppName", "epoch"},
      {"taskId", "t1"},
      {"executable", {{"type", "DOCKER"}, {"url", "task:1"}, {"dockerPullTimeout", "1m"}}},
      {"resources", {{{"type", "CPU"}, {"count", 1}}, {{"type", "MEMORY"}, {"sizeInMB", 64}}}}};
  BOOST_REQUIRE(h.core().SubmitTaskOperation({{"type", "CREATE"}, {"spec", spec}}).ok());
  h.Run(1, 250, false);
  h.core().BlacklistExecutors({"ex1"});
  h.calls().fail = false;
  h.Run(2, 250, false);
  json task = *h.core().Task("epoch", "t1");
  BOOST_CHECK_EQUAL(task["state"], "STOPPED");
  BOOST_CHECK_EQUAL(task["taskResult"], json({{"status", "FAILED"}, {"exitCode", -1}}));
  BOOST_CHECK_EQUAL(task["errorMessage"], "Executor is blacklisted, not started: ex1");
  BOOST_CHECK(h.calls().task_starts.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
