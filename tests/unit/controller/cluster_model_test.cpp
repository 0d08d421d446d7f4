// Behaviour of the cluster model: reports, orphans, lost instances/executors, restart, endpoints, events.
#include <boost/test/unit_test.hpp>

#include "controller_test_support.h"

namespace drove::controller::testing {
namespace {

const std::string kApp = "web-1";

BOOST_AUTO_TEST_SUITE(cluster_model)

BOOST_AUTO_TEST_CASE(orphan_instance_in_snapshot_is_stopped) {
  Harness h;
  h.Snapshot();
  json orphan{{"appId", "ghost-1"}, {"appName", "ghost"}, {"instanceId", "AI-ghost"},
              {"executorId", "ex1"}, {"state", "HEALTHY"}, {"created", 1}, {"updated", 1}};
  h.Snapshot(json::array({orphan}));
  h.Run(1, 250, false);
  BOOST_REQUIRE_EQUAL(h.calls().stops.size(), 1u);
  BOOST_CHECK_EQUAL(h.calls().stops[0], "AI-ghost");
}

BOOST_AUTO_TEST_CASE(restart_from_store_resends_stored_starts_once_and_completes_the_scale) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness first(data);
    first.Snapshot();
    BOOST_REQUIRE(first.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
    BOOST_REQUIRE(first.core()
                      .SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 3},
                                                             {"opSpec", {{"timeout", "5m"},
                                                                         {"parallelism", 1},
                                                                         {"failureStrategy", "STOP"}}}}))
                      .ok());
    first.Run(2);                // two instances healthy ...
    first.Run(1, 250, false);    // ... a third one sent but never reported: then the controller dies
    BOOST_REQUIRE_EQUAL(first.CountState(kApp, "HEALTHY"), 2);
    BOOST_REQUIRE_EQUAL(first.CountState(kApp, "PENDING"), 1);
  }
  Harness second(data);
  BOOST_CHECK_EQUAL(second.AppState(kApp), "SCALING_REQUESTED");
  std::string pending_id;
  for (const auto& info : second.Instances(kApp)) {
    if (info["state"] == "PENDING") pending_id = info["instanceId"];
  }
  // The executor re-announces what it runs (the HEALTHY ones).
  json live = json::array();
  for (const auto& info : second.Instances(kApp)) {
    if (info["state"] == "HEALTHY") live.push_back(info);
  }
  // The executor's record was stored, so the PENDING one is sent again at once, before the
  // executor re-announced itself (the first controller may have died before sending it;
  // executors ignore a start they already run) ...
  second.Run(2, 250, false);
  BOOST_CHECK_EQUAL(second.calls().starts.size(), 1u);
  second.Snapshot(live);
  second.Run(4);
  // ... exactly once, and the scale completes.
  BOOST_REQUIRE_EQUAL(second.calls().starts.size(), 1u);
  BOOST_CHECK_EQUAL(second.calls().starts[0].instance["instanceId"], pending_id);
  BOOST_CHECK_EQUAL(second.CountState(kApp, "HEALTHY"), 3);
  BOOST_CHECK_EQUAL(second.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(instance_not_reported_is_lost_and_executor_removed) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(4);
  json instance = h.Instances(kApp)[0];
  h.now() += 31'000;
  h.core().engine().Tick();
  auto info = *h.core().AppInstance(kApp, instance["instanceId"]);
  BOOST_CHECK_EQUAL(info["state"], "LOST");
  BOOST_CHECK_EQUAL(info["errorMessage"], "Instance lost");
  BOOST_CHECK(h.core().Executor("ex1") == std::nullopt);
  json executors = h.core().Executors();
  BOOST_REQUIRE_EQUAL(executors.size(), 1u);
  BOOST_CHECK_EQUAL(executors[0]["state"], "REMOVED");
  json summary = h.core().EventsSummary(0);
  BOOST_CHECK(summary["eventsCount"].contains("EXECUTOR_REMOVED"));
}

BOOST_AUTO_TEST_CASE(endpoints_generation_bumps_only_when_view_changes) {
  Harness h;
  h.Snapshot();
  uint64_t notified = 0;
  h.core().OnEndpointsChanged([&](uint64_t g) { notified = g; });
  uint64_t g0 = h.core().EndpointsGeneration();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  uint64_t g1 = h.core().EndpointsGeneration();  // app listed with no hosts
  BOOST_CHECK_GT(g1, g0);
  h.Run(4);
  uint64_t g2 = 0;
  json view = h.core().Endpoints({}, &g2);
  BOOST_CHECK_GT(g2, g1);
  BOOST_CHECK_EQUAL(notified, g2);
  BOOST_REQUIRE_EQUAL(view.size(), 1u);
  BOOST_CHECK_EQUAL(view[0]["vhost"], "web.local");
  BOOST_REQUIRE_EQUAL(view[0]["hosts"].size(), 1u);
  BOOST_CHECK_EQUAL(view[0]["hosts"][0]["host"], "ex1.host");
  BOOST_CHECK_EQUAL(view[0]["hosts"][0]["port"], 31000);
  h.Snapshot();  // nothing about exposure changes
  h.Run(2);
  BOOST_CHECK_EQUAL(h.core().EndpointsGeneration(), g2);
  BOOST_CHECK(h.core().Endpoints({"other"}, nullptr).empty());
}

BOOST_AUTO_TEST_CASE(instance_events_fire_only_on_state_change) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(4);
  json instance = h.Instances(kApp)[0];
  int64_t before = h.core().EventsSummary(0)["eventsCount"]["INSTANCE_STATE_CHANGE"];
  h.Snapshot(json::array({instance}));  // same state again
  BOOST_CHECK_EQUAL(h.core().EventsSummary(0)["eventsCount"]["INSTANCE_STATE_CHANGE"], before);
  json events = h.core().EventsSince(0, 100)["events"];
  bool saw_healthy = false;
  for (const auto& e : events) {
    if (e["type"] == "INSTANCE_STATE_CHANGE" && e["metadata"]["CURRENT_STATE"] == "HEALTHY") {
      saw_healthy = true;
      BOOST_CHECK_EQUAL(e["metadata"]["PORTS"], "main:31000:http");
      BOOST_CHECK(!e["metadata"].contains("ERROR"));
    }
  }
  BOOST_CHECK(saw_healthy);
}

BOOST_AUTO_TEST_CASE(tasks_create_kill_and_delete_with_drove_messages) {
  Harness h;
  h.Snapshot();
  json spec{{"sourceAppName", "epoch"}, {"taskId", "t1"},
            {"executable", {{"type", "DOCKER"}, {"url", "task:1"}, {"dockerPullTimeout", "1m"}}},
            {"resources", {{{"type", "CPU"}, {"count", 1}}, {{"type", "MEMORY"}, {"sizeInMB", 64}}}}};
  json create{{"type", "CREATE"}, {"spec", spec}};
  auto created = h.core().SubmitTaskOperation(create);
  BOOST_REQUIRE(created.ok());
  BOOST_CHECK_EQUAL(*created.value, "epoch-t1");
  auto again = h.core().SubmitTaskOperation(create);
  BOOST_REQUIRE(!again.ok());
  BOOST_CHECK_EQUAL(again.refusal.errors[0],
                    "Task already exists for epoch/t1 with taskID: epoch-t1");
  h.Run(1, 250, false);
  BOOST_REQUIRE_EQUAL(h.calls().task_starts.size(), 1u);
  json task = *h.core().Task("epoch", "t1");
  BOOST_CHECK_EQUAL(task["hostname"], "ex1.host");
  BOOST_CHECK(task["volumes"].is_array());
  BOOST_CHECK_EQUAL(task["errorMessage"], "");
  BOOST_CHECK(!h.core().DeleteTask("epoch", "t1"));  // still active
  BOOST_REQUIRE(h.core().SubmitTaskOperation({{"type", "KILL"}, {"sourceAppName", "epoch"},
                                              {"taskId", "t1"}}).ok());
  h.Run(1, 250, false);
  BOOST_CHECK_EQUAL(h.calls().task_stops.size(), 1u);
  task["state"] = "STOPPED";
  task["taskResult"] = {{"status", "CANCELLED"}, {"exitCode", -1}};
  task["updated"] = h.now();
  BOOST_REQUIRE(h.core().HandleExecutorMessage({{"type", "TASK_STATE"}, {"task", task}}).ok());
  auto kill = h.core().SubmitTaskOperation({{"type", "KILL"}, {"sourceAppName", "epoch"},
                                            {"taskId", "t1"}});
  BOOST_REQUIRE(!kill.ok());
  BOOST_CHECK_EQUAL(kill.refusal.errors[0],
                    "Either task does not exist or has already finished for epoch/t1");
  BOOST_CHECK(h.core().ListTasks().empty());
  BOOST_CHECK(h.core().DeleteTask("epoch", "t1"));
  BOOST_CHECK(!h.core().Task("epoch", "t1").has_value());
}

// The list is kept as per-app texts refreshed by each update: it must always say what AppSummary
// (built from the model on demand) says, through instance changes, a new leader's load and destroy.
BOOST_AUTO_TEST_CASE(app_list_follows_instances_reloads_and_destroys) {
  auto data = std::make_shared<MemoryStore::Data>();
  auto list_matches_summaries = [](Harness& h, size_t apps) {
    json list = json::parse(h.core().ListAppsJson(0, 1000));
    BOOST_REQUIRE_EQUAL(list.size(), apps);
    for (const auto& [id, summary] : list.items()) {
      BOOST_CHECK_EQUAL(summary, *h.core().AppSummary(id));
    }
    return list;
  };
  {
    Harness h(data);
    h.Snapshot();
    BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
    json other = AppSpec();
    other["name"] = "api";
    BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(other, 0)).ok());
    BOOST_CHECK_EQUAL(list_matches_summaries(h, 2)[kApp]["healthyInstances"], 0);
    h.Run(8);
    BOOST_CHECK_EQUAL(list_matches_summaries(h, 2)[kApp]["healthyInstances"], 2);
    BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 1}})).ok());
    h.Run(8);
    BOOST_CHECK_EQUAL(list_matches_summaries(h, 2)[kApp]["healthyInstances"], 1);
    // Paging in appId order: "api-1" then "web-1".
    BOOST_CHECK_EQUAL(json::parse(h.core().ListAppsJson(1, 5)).begin().key(), kApp);
    BOOST_CHECK_EQUAL(json::parse(h.core().ListAppsJson(0, 1)).begin().key(), "api-1");
    BOOST_CHECK(json::parse(h.core().ListAppsJson(2, 5)).empty());
  }
  Harness second(data);  // a new leader loads the store
  BOOST_CHECK_EQUAL(list_matches_summaries(second, 2)[kApp]["requiredInstances"], 1);
  BOOST_REQUIRE(second.core().SubmitAppOperation(Op("DESTROY", "api-1")).ok());
  second.Run(2);
  list_matches_summaries(second, 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
