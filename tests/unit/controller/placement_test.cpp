// Placement through the controller core: scheduling sessions (soft locks), capacity pre-checks
// that respect the placement policy, and the rule dry run against live executors.
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "controller_test_support.h"

namespace drove::controller::testing {
namespace {

const std::string kApp = "web-1";

json SpecWithPolicy(const json& policy) {
  json spec = AppSpec();
  spec["placementPolicy"] = policy;
  return spec;
}

json WithParallelism(json op, int parallelism) {
  op["opSpec"]["parallelism"] = parallelism;
  return op;
}

int64_t UsedCores(Harness& h) { return h.core().ClusterSummary()["usedCores"].get<int64_t>(); }

std::set<std::string> ExecutorsOf(Harness& h) {
  std::set<std::string> out;
  for (const auto& info : h.Instances(kApp)) out.insert(info["executorId"].get<std::string>());
  return out;
}

std::string Refusal(const Outcome<std::string>& outcome) {
  BOOST_REQUIRE(!outcome.ok());
  return outcome.refusal.errors.at(0);
}

BOOST_AUTO_TEST_SUITE(controller_placement)

BOOST_AUTO_TEST_CASE(instances_placed_by_one_operation_see_each_other) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  json op = WithParallelism(CreateOp(SpecWithPolicy({{"type", "ONE_PER_HOST"}}), 2), 2);
  BOOST_REQUIRE(h.core().SubmitAppOperation(op).ok());
  h.Run(1, 250, false);  // both placed in the same tick, neither started yet
  BOOST_REQUIRE_EQUAL(h.calls().starts.size(), 2u);
  BOOST_TEST(ExecutorsOf(h) == (std::set<std::string>{"ex1", "ex2"}));
  BOOST_TEST(UsedCores(h) == 2);
}

BOOST_AUTO_TEST_CASE(cancelled_operation_releases_instances_not_yet_started) {
  Harness h;
  h.Snapshot();
  h.calls().fail = true;  // the executor never takes the start
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
  h.Run(1, 250, false);
  BOOST_REQUIRE_EQUAL(h.CountState(kApp, "PENDING"), 1);
  BOOST_REQUIRE_EQUAL(UsedCores(h), 1);
  BOOST_REQUIRE(h.core().CancelAppOperation(kApp));
  h.Run(1, 250, false);
  BOOST_TEST(h.CountState(kApp, "PENDING") == 0);
  BOOST_TEST(UsedCores(h) == 0);
  json old = h.core().AppInstances(kApp, true);
  BOOST_REQUIRE_EQUAL(old.size(), 1u);
  BOOST_TEST(old[0]["state"] == "STOPPED");
  BOOST_TEST(old[0]["errorMessage"] == "Operation ended before this instance was started");
  BOOST_TEST(h.calls().starts.empty());
}

BOOST_AUTO_TEST_CASE(timed_out_operation_releases_instances_not_yet_started) {
  Harness h;
  h.Snapshot();
  h.calls().fail = true;
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(1, 250, false);
  BOOST_REQUIRE_EQUAL(UsedCores(h), 1);
  h.Run(1, 301'000, false);
  BOOST_TEST(h.CountState(kApp, "PENDING") == 0);
  BOOST_TEST(UsedCores(h) == 0);
}

BOOST_AUTO_TEST_CASE(started_instances_survive_a_cancel) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 2)).ok());
  h.Run(1, 250, false);  // one start delivered, not yet reported
  BOOST_REQUIRE_EQUAL(h.calls().starts.size(), 1u);
  BOOST_REQUIRE(h.core().CancelAppOperation(kApp));
  h.Run(1, 250, false);
  BOOST_TEST(h.CountState(kApp, "PENDING") == 1);  // delivered: the executor owns it now
}

BOOST_AUTO_TEST_CASE(create_precheck_respects_one_per_host_and_says_where) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  auto outcome =
      h.core().SubmitAppOperation(CreateOp(SpecWithPolicy({{"type", "ONE_PER_HOST"}}), 3));
  const std::string error = Refusal(outcome);
  BOOST_TEST(error.find("only 2 of 3") != std::string::npos, error);
  BOOST_TEST(error.find("ex1") != std::string::npos, error);
  BOOST_TEST(h.AppState(kApp) == "NONE");
}

BOOST_AUTO_TEST_CASE(scale_up_precheck_counts_existing_instances_under_the_policy) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  json spec = SpecWithPolicy({{"type", "MAX_N_PER_HOST"}, {"max", 2}});
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(spec, 3)).ok());
  h.Run(16);
  BOOST_REQUIRE_EQUAL(h.CountState(kApp, "HEALTHY"), 3);
  BOOST_TEST(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 4}})).ok());
  h.Run(8);
  const std::string error =
      Refusal(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 5}})));
  BOOST_TEST(error.find("enough resources for 1 more") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(replace_start_first_needs_room_for_the_surge) {
  Harness h;
  h.Snapshot(json::array(), "ex1");
  h.Snapshot(json::array(), "ex2");
  BOOST_REQUIRE(
      h.core().SubmitAppOperation(CreateOp(SpecWithPolicy({{"type", "ONE_PER_HOST"}}), 2)).ok());
  h.Run(12);
  BOOST_REQUIRE_EQUAL(h.CountState(kApp, "HEALTHY"), 2);
  const std::string error = Refusal(h.core().SubmitAppOperation(Op("REPLACE_INSTANCES", kApp)));
  BOOST_TEST(error.find("Cluster does not have enough resources") != std::string::npos, error);
  BOOST_TEST(h.AppState(kApp) == "RUNNING");
  // Stop-first frees an executor before each new instance starts: that fits.
  BOOST_TEST(
      h.core().SubmitAppOperation(Op("REPLACE_INSTANCES", kApp, {{"stopFirst", true}})).ok());
}

BOOST_AUTO_TEST_CASE(stop_with_respawn_counts_the_stopped_instances_as_free) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 8)).ok());
  h.Run(40);
  BOOST_REQUIRE_EQUAL(h.CountState(kApp, "HEALTHY"), 8);  // the executor is full
  std::string victim = h.Instances(kApp)[0]["instanceId"];
  BOOST_TEST(
      h.core().SubmitAppOperation(Op("STOP_INSTANCES", kApp, {{"instanceIds", {victim}}})).ok());
  BOOST_TEST(UsedCores(h) == 8);  // the what-if check put every allocation back
}

BOOST_AUTO_TEST_CASE(dry_run_evaluates_the_rule_on_the_given_info_and_live_executors) {
  Harness h;
  h.Snapshot(json::array(), "ex1", json::array(), {{"rack", "r1"}});
  h.Snapshot(json::array(), "ex2", json::array(), {{"rack", "r2"}});
  json policy{{"type", "RULE_BASED"},
              {"rule", "'/allocatedExecutorNodeMetadata/rack' == \"r1\""},
              {"ruleType", "HOPE"}};
  json info{{"executorNodeId", "x"},
            {"allocatedExecutorNodeMetadata", {{"rack", "r2"}}},
            {"allExecutorMetadata", json::object()},
            {"applicationEnvironment", json::object()}};
  json reply = h.core().DryRunPlacementRule(policy, info);
  BOOST_TEST(reply["status"] == true);
  BOOST_TEST(reply["checkResult"] == json({{"status", "SUCCESS"}}));
  BOOST_TEST(reply["evalResult"] == json({{"status", "SUCCESS"}, {"result", false}}));
  BOOST_REQUIRE_EQUAL(reply["executors"].size(), 2u);
  BOOST_TEST(reply["executors"][0]["executorId"] == "ex1");
  BOOST_TEST(reply["executors"][0]["result"] == true);
  BOOST_TEST(reply["executors"][1]["result"] == false);
}

BOOST_AUTO_TEST_CASE(dry_run_reports_compile_errors_and_mvel_in_check_result) {
  Harness h;
  h.Snapshot();
  json bad{{"type", "RULE_BASED"}, {"rule", "'/a' == "}, {"ruleType", "HOPE"}};
  json reply = h.core().DryRunPlacementRule(bad, nullptr);
  BOOST_TEST(reply["status"] == false);
  BOOST_TEST(reply["checkResult"]["status"] == "FAILURE");
  const std::string error = reply["checkResult"]["error"];
  BOOST_TEST(error.find("HopeLang Compilation error: ") == 0u, error);
  BOOST_TEST(error.find("column") != std::string::npos, error);
  BOOST_TEST(reply["evalResult"].is_null());
  json mvel{{"type", "RULE_BASED"}, {"rule", "true"}, {"ruleType", "MVEL"}};
  reply = h.core().DryRunPlacementRule(mvel, nullptr);
  BOOST_TEST(reply["status"] == false);
  BOOST_TEST(reply["checkResult"]["error"].get<std::string>().find("MVEL") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing
