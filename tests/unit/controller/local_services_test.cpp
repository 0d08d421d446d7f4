// Local services in the core: Drove's daemon-set on every executor (instancesPerHost each), the
// test instance, restarts both ways, deactivation and destroy, the share held back from apps,
// blacklisted hosts, and a new leader taking the services over.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kService = "agent-1";

json ServiceSpec(int cores = 1) {
  json check{{"mode", {{"type", "CMD"}, {"command", "true"}}},
             {"timeout", "1 second"}, {"interval", "1 second"}, {"attempts", 3}};
  return json{{"name", "agent"},
              {"version", "1"},
              {"type", "LOCAL_SERVICE"},
              {"executable", {{"type", "DOCKER"}, {"url", "img:1"}, {"dockerPullTimeout", "100 seconds"}}},
              {"exposedPorts", {{{"name", "main"}, {"port", 8000}, {"type", "HTTP"}}}},
              {"resources", {{{"type", "CPU"}, {"count", cores}}, {{"type", "MEMORY"}, {"sizeInMB", 128}}}},
              {"placementPolicy", {{"type", "LOCAL"}, {"hostLevel", false}}},
              {"healthcheck", check},
              {"readiness", check}};
}

Outcome<std::string> Submit(Harness& h, const std::string& type, json extra = json::object()) {
  json op{{"type", type}, {"serviceId", kService}};
  for (auto& [k, v] : extra.items()) op[k] = v;
  return h.core().SubmitLocalServiceOperation(op);
}

Outcome<std::string> Create(Harness& h, int per_host = 1, int cores = 1) {
  return h.core().SubmitLocalServiceOperation(
      {{"type", "CREATE"}, {"spec", ServiceSpec(cores)}, {"instancesPerHost", per_host}});
}

std::string State(Harness& h) {
  auto summary = h.core().LocalServiceSummary(kService);
  return summary ? (*summary)["state"].get<std::string>() : "NONE";
}

// Active instances per executor, by state.
std::map<std::string, int> HealthyPerHost(Harness& h) {
  std::map<std::string, int> out;
  for (const auto& info : h.core().LocalServiceInstances(kService, false).value_or(json::array())) {
    if (info["state"] == "HEALTHY") ++out[info["executorId"].get<std::string>()];
  }
  return out;
}

size_t ActiveCount(Harness& h) {
  return h.core().LocalServiceInstances(kService, false).value_or(json::array()).size();
}

// Both executors announce themselves (and what they run) before each tick.
void RunCluster(Harness& h, int ticks, std::vector<std::string> executors = {"ex1", "ex2"}) {
  for (int i = 0; i < ticks; ++i) {
    for (const auto& e : executors) h.Heartbeat(e);
    h.Run();
  }
}

std::string FirstError(const Outcome<std::string>& outcome) {
  return outcome.refusal.errors.empty() ? "" : outcome.refusal.errors.front();
}

BOOST_AUTO_TEST_SUITE(local_services)

BOOST_AUTO_TEST_CASE(activate_runs_instances_per_host_on_every_executor_and_a_new_one_gets_its) {
  Harness h;
  h.Snapshot();
  h.Snapshot(json::array(), "ex2");
  BOOST_REQUIRE(Create(h, 2).ok());
  BOOST_CHECK_EQUAL(State(h), "INACTIVE");
  RunCluster(h, 3);
  BOOST_CHECK_EQUAL(ActiveCount(h), 0u);  // nothing runs until activated
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  BOOST_CHECK_EQUAL(State(h), "ACTIVATION_REQUESTED");
  RunCluster(h, 4);
  BOOST_CHECK((HealthyPerHost(h) == std::map<std::string, int>{{"ex1", 2}, {"ex2", 2}}));
  BOOST_CHECK_EQUAL(State(h), "ACTIVE");
  BOOST_CHECK_EQUAL((*h.core().LocalServiceSummary(kService))["healthyInstances"], 4);
  for (const auto& start : h.calls().starts) {
    BOOST_CHECK(start.instance["instanceId"].get<std::string>().starts_with("SI-"));
    BOOST_CHECK_EQUAL(start.instance["appId"], kService);
    BOOST_CHECK_EQUAL(start.spec["placementPolicy"]["type"], "LOCAL");
  }
  h.Snapshot(json::array(), "ex3");  // a host joins
  RunCluster(h, 4, {"ex1", "ex2", "ex3"});
  BOOST_CHECK_EQUAL(HealthyPerHost(h)["ex3"], 2);
  json summary = h.core().ClusterSummary();
  BOOST_CHECK_EQUAL(summary["numLocalServices"], 1);
  BOOST_CHECK_EQUAL(summary["numActiveLocalServices"], 1);
  BOOST_CHECK_EQUAL((*h.core().Executor("ex3"))["serviceInstances"].size(), 2u);
  BOOST_CHECK(h.core().EventsSummary(0)["eventsCount"].contains(
      "LOCAL_SERVICE_INSTANCE_STATE_CHANGE"));
}

BOOST_AUTO_TEST_CASE(a_test_instance_is_exactly_one_in_the_cluster) {
  Harness h;
  h.Snapshot();
  h.Snapshot(json::array(), "ex2");
  BOOST_REQUIRE(Create(h, 2).ok());
  BOOST_REQUIRE(Submit(h, "DEPLOY_TEST_INSTANCE").ok());
  RunCluster(h, 5);
  BOOST_CHECK_EQUAL(ActiveCount(h), 1u);
  BOOST_CHECK_EQUAL(State(h), "CONFIG_TESTING");
  BOOST_CHECK_EQUAL((*h.core().LocalServiceSummary(kService))["activationState"],
                    "CONFIG_TESTING");
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());  // allowed from CONFIG_TESTING
  RunCluster(h, 4);
  BOOST_CHECK_EQUAL(ActiveCount(h), 4u);
}

BOOST_AUTO_TEST_CASE(restart_replaces_every_instance_starting_first_or_stopping_first) {
  for (bool stop_first : {false, true}) {
    BOOST_TEST_CONTEXT("stopFirst " << stop_first) {
      Harness h;
      h.Snapshot();
      BOOST_REQUIRE(Create(h, 1).ok());
      BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
      RunCluster(h, 4, {"ex1"});
      const json before = h.core().LocalServiceInstances(kService, false).value();
      BOOST_REQUIRE_EQUAL(before.size(), 1u);
      BOOST_REQUIRE(Submit(h, "RESTART", {{"stopFirst", stop_first}}).ok());
      BOOST_CHECK_EQUAL(State(h), "REPLACING_INSTANCES");
      h.Heartbeat("ex1");
      h.Run(1, 250, false);  // the first tick's decision, before the executor acts on it
      const size_t starts = h.calls().starts.size();
      const size_t stops = h.calls().stops.size();
      if (stop_first) {
        BOOST_CHECK_EQUAL(stops, 1u);   // the old one goes first,
        BOOST_CHECK_EQUAL(starts, 1u);  // and nothing new starts meanwhile
      } else {
        BOOST_CHECK_EQUAL(stops, 0u);  // the new one starts first
        BOOST_CHECK_EQUAL(starts, 2u);
      }
      h.ActAsExecutor();
      RunCluster(h, 6, {"ex1"});
      const json after = h.core().LocalServiceInstances(kService, false).value();
      BOOST_REQUIRE_EQUAL(after.size(), 1u);
      BOOST_CHECK_NE(after[0]["instanceId"], before[0]["instanceId"]);
      BOOST_CHECK_EQUAL(after[0]["state"], "HEALTHY");
      BOOST_CHECK_EQUAL(State(h), "ACTIVE");
      BOOST_CHECK_EQUAL(h.core().LocalServiceInstances(kService, true).value().size(), 1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(deactivate_stops_everything_and_only_an_inactive_service_is_destroyed) {
  auto data = std::make_shared<MemoryStore::Data>();
  Harness h(data);
  h.Snapshot();
  BOOST_REQUIRE(Create(h, 1).ok());
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  RunCluster(h, 4, {"ex1"});
  auto refused = Submit(h, "DESTROY");
  BOOST_REQUIRE(!refused.ok());
  BOOST_CHECK_EQUAL(FirstError(refused),
                    "Only [ADJUST_INSTANCES, DEACTIVATE, REPLACE_INSTANCES, RESTART, "
                    "STOP_INSTANCES, UPDATE_INSTANCE_COUNT] allowed for local service agent-1 as "
                    "it is in ACTIVE state");
  BOOST_REQUIRE(Submit(h, "STOP").ok());  // Drove's alias of DEACTIVATE
  RunCluster(h, 4, {"ex1"});
  BOOST_CHECK_EQUAL(ActiveCount(h), 0u);
  BOOST_CHECK_EQUAL(State(h), "INACTIVE");
  BOOST_REQUIRE(Submit(h, "DESTROY").ok());
  RunCluster(h, 2, {"ex1"});
  BOOST_CHECK_EQUAL(State(h), "NONE");
  BOOST_CHECK(!data->contains(store::kLocalService) || data->at(store::kLocalService).empty());
  BOOST_CHECK(!data->contains(store::kServiceInstance) ||
              data->at(store::kServiceInstance).empty());
}

BOOST_AUTO_TEST_CASE(apps_cannot_take_the_share_held_for_a_local_service) {
  Harness h;
  h.Snapshot();  // 8 cores
  BOOST_REQUIRE(Create(h, 1, 3).ok());
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  // Before the service's instance is placed, its 3 cores are held back: 6 cores do not fit.
  json big = AppSpec("big");
  big["resources"][0]["count"] = 6;
  auto refused = h.core().SubmitAppOperation(CreateOp(big, 1));
  BOOST_REQUIRE(!refused.ok());
  BOOST_CHECK_NE(FirstError(refused).find("reserved for local services"), std::string::npos);
  BOOST_CHECK_NE(FirstError(refused).find("local services reserve 3 cores and 128 MB"),
                 std::string::npos);
  BOOST_CHECK_EQUAL(h.core().ReservedResources(),
                    json({{"cpus", 3}, {"memory", 128}, {"requiredInstances", {{kService, 1}}}}));
  big["resources"][0]["count"] = 5;
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(big, 1)).ok());
  RunCluster(h, 6, {"ex1"});
  BOOST_CHECK_EQUAL(HealthyPerHost(h)["ex1"], 1);  // the service still got its cores
  BOOST_CHECK_EQUAL(h.CountState("big-1", "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(a_blacklisted_executor_loses_its_instances) {
  Harness h;
  h.Snapshot();
  h.Snapshot(json::array(), "ex2");
  BOOST_REQUIRE(Create(h, 1).ok());
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  RunCluster(h, 4);
  BOOST_REQUIRE_EQUAL(HealthyPerHost(h).size(), 2u);
  h.core().BlacklistExecutors({"ex2"});
  RunCluster(h, 6);
  BOOST_CHECK((HealthyPerHost(h) == std::map<std::string, int>{{"ex1", 1}}));
  BOOST_CHECK_EQUAL(ActiveCount(h), 1u);
}

BOOST_AUTO_TEST_CASE(a_new_leader_takes_the_services_and_their_instances_over) {
  auto data = std::make_shared<MemoryStore::Data>();
  {
    Harness h(data);
    h.Snapshot();
    BOOST_REQUIRE(Create(h, 2).ok());
    BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
    RunCluster(h, 4, {"ex1"});
    BOOST_REQUIRE_EQUAL(HealthyPerHost(h)["ex1"], 2);
  }
  Harness next(data);
  BOOST_CHECK_EQUAL(State(next), "ACTIVE");
  BOOST_CHECK_EQUAL(HealthyPerHost(next)["ex1"], 2);
  next.Snapshot();
  RunCluster(next, 4, {"ex1"});
  BOOST_CHECK(next.calls().starts.empty());  // nothing started twice
  BOOST_CHECK_EQUAL(HealthyPerHost(next)["ex1"], 2);
}

BOOST_AUTO_TEST_CASE(operations_are_judged_against_the_stored_service) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(Create(h, 1).ok());
  BOOST_CHECK_EQUAL(FirstError(Create(h, 1)), "Local service agent-1 already exists");
  BOOST_CHECK_EQUAL(FirstError(Submit(h, "RESTART")),
                    "Only [ACTIVATE, ADJUST_INSTANCES, DEPLOY_TEST_INSTANCE, DESTROY, "
                    "UPDATE_INSTANCE_COUNT] allowed for local service agent-1 as it is in "
                    "INACTIVE state");
  json other{{"type", "ACTIVATE"}, {"serviceId", "nope-1"}};
  BOOST_CHECK_EQUAL(FirstError(h.core().SubmitLocalServiceOperation(other)),
                    "No state found for local service: nope-1");
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  RunCluster(h, 4, {"ex1"});
  BOOST_CHECK_EQUAL(FirstError(Submit(h, "STOP_INSTANCES", {{"instanceIds", {"SI-x"}}})),
                    "There are no healthy instances with ids: [SI-x]");
  BOOST_REQUIRE(Submit(h, "UPDATE_INSTANCE_COUNT", {{"instancesPerHost", 3}}).ok());
  RunCluster(h, 4, {"ex1"});
  BOOST_CHECK_EQUAL(HealthyPerHost(h)["ex1"], 3);
  BOOST_CHECK_EQUAL(State(h), "ACTIVE");
}

BOOST_AUTO_TEST_CASE(executor_instance_ids_show_what_runs_and_what_is_stale) {
  Harness h;
  BOOST_CHECK(!h.core().ExecutorInstanceIds("ex1", true).has_value());  // no snapshot yet
  h.Snapshot();
  BOOST_REQUIRE(Create(h, 1).ok());
  BOOST_REQUIRE(Submit(h, "ACTIVATE").ok());
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  RunCluster(h, 4, {"ex1"});
  const std::string service_instance =
      h.core().LocalServiceInstances(kService, false).value().at(0)["instanceId"];
  const std::string app_instance = h.Instances("web-1").at(0)["instanceId"];
  json unknown = h.Instances("web-1").at(0);
  unknown["instanceId"] = "AI-unknown";
  json running = json::array({h.Instances("web-1").at(0), unknown});
  h.Snapshot(running);  // the service instance is missing from this snapshot
  json last = *h.core().ExecutorInstanceIds("ex1", true);
  BOOST_CHECK_EQUAL(last["appInstanceIds"], json({app_instance}));
  BOOST_CHECK_EQUAL(last["staleAppInstanceIds"], json({"AI-unknown"}));
  BOOST_CHECK(last["localServiceInstanceIds"].empty());
  json current = *h.core().ExecutorInstanceIds("ex1", false);
  BOOST_CHECK_EQUAL(current["appInstanceIds"], json({app_instance}));
  BOOST_CHECK_EQUAL(current["staleLocalServiceInstanceIds"], json({service_instance}));
  BOOST_CHECK(current["taskInstanceIds"].empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
