// Unit tests for the HOPE RuleEvaluator: rule cache, SchedulingInfo, MVEL refusal, placement.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"
#include "orchestrator/scheduler/hope/rule_cache.h"
#include "orchestrator/scheduler/scheduler.h"
#include "tests/unit/scheduler/test_cluster.h"

using drove::core::PlacementCombiner;
using drove::core::PlacementPolicy;
using drove::core::PlacementRuleType;
using drove::scheduler::ClusterView;
using drove::scheduler::ExecutorInfo;
using drove::scheduler::RuleQuery;
using drove::scheduler::RuleScope;
using drove::scheduler::Scheduler;
using drove::scheduler::hope::BuildSchedulingInfo;
using drove::scheduler::hope::CheckPlacementRule;
using drove::scheduler::hope::Compile;
using drove::scheduler::hope::HopeRuleEvaluator;
using drove::scheduler::hope::RuleCache;
using drove::scheduler::testing::Request;
using drove::scheduler::testing::SimpleExecutor;

namespace {

ExecutorInfo WithMetadata(const std::string& id, std::map<std::string, std::string> metadata) {
  ExecutorInfo info = SimpleExecutor(id, 4, 4096);
  info.metadata = std::move(metadata);
  return info;
}

const std::string kRackR1 = R"('/allocatedExecutorNodeMetadata/rack' == "r1")";

}  // namespace

BOOST_AUTO_TEST_SUITE(hope_evaluator)

BOOST_AUTO_TEST_CASE(cache_compiles_a_rule_once_and_reuses_it) {
  RuleCache cache(8);
  auto first = cache.Get(kRackR1);
  auto second = cache.Get(kRackR1);
  BOOST_TEST_REQUIRE(first.ok());
  BOOST_TEST_REQUIRE(second.ok());
  BOOST_TEST(first->get() == second->get());
  BOOST_TEST(cache.misses() == 1u);
  BOOST_TEST(cache.hits() == 1u);
  BOOST_TEST(cache.size() == 1u);
}

BOOST_AUTO_TEST_CASE(cache_does_not_keep_rules_that_fail_to_compile) {
  RuleCache cache(8);
  BOOST_TEST(!cache.Get("'/a' ==").ok());
  BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_CASE(cache_is_bounded_and_evicts_the_least_recently_used) {
  RuleCache cache(2);
  auto a = cache.Get("'/a' == 1");
  cache.Get("'/b' == 1");
  cache.Get("'/a' == 1");  // a is now the most recent
  cache.Get("'/c' == 1");  // evicts b
  BOOST_TEST(cache.size() == 2u);
  const size_t misses = cache.misses();
  BOOST_TEST(cache.Get("'/a' == 1")->get() == a->get());
  BOOST_TEST(cache.misses() == misses);
  cache.Get("'/b' == 1");
  BOOST_TEST(cache.misses() == misses + 1);
}

BOOST_AUTO_TEST_CASE(cache_is_safe_to_share_between_threads) {
  RuleCache cache(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 200; ++i) {
        auto rule = cache.Get("'/n' == " + std::to_string((i + t) % 6));
        if (!rule.ok() || !(*rule)->Evaluate({{"n", (i + t) % 6}})) std::abort();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(cache.size() <= 4u);
  BOOST_TEST(cache.hits() + cache.misses() == 800u);
}

BOOST_AUTO_TEST_CASE(scheduling_info_has_drove_field_names) {
  ClusterView view;
  view.UpsertExecutor(WithMetadata("e1", {{"rack", "r1"}}));
  view.UpsertExecutor(WithMetadata("e2", {{"rack", "r2"}}));
  const std::map<std::string, std::string> env{{"TIER", "gold"}};
  const std::string rule = "true";
  const std::string app = "app";
  RuleQuery query{rule, PlacementRuleType::kHope, *view.Find("e1"), app, RuleScope{&view, &env}};
  const auto info = BuildSchedulingInfo(query);
  BOOST_TEST(info["executorNodeId"] == "e1");
  BOOST_TEST(info["allocatedExecutorNodeMetadata"]["rack"] == "r1");
  BOOST_TEST(info["allExecutorMetadata"]["e2"]["rack"] == "r2");
  BOOST_TEST(info["applicationEnvironment"]["TIER"] == "gold");
}

BOOST_AUTO_TEST_CASE(evaluator_sees_other_executors_and_the_app_env) {
  ClusterView view;
  view.UpsertExecutor(WithMetadata("e1", {{"rack", "r1"}}));
  view.UpsertExecutor(WithMetadata("e2", {{"rack", "r2"}}));
  const std::map<std::string, std::string> env{{"TIER", "gold"}};
  const std::string app = "app";
  HopeRuleEvaluator evaluator;
  const std::string rule =
      R"('/allExecutorMetadata/e2/rack' == "r2" && '/applicationEnvironment/TIER' == "gold")";
  auto admits = evaluator.Evaluate(
      RuleQuery{rule, PlacementRuleType::kHope, *view.Find("e1"), app, RuleScope{&view, &env}});
  BOOST_TEST_REQUIRE(admits.ok());
  BOOST_TEST(*admits);
  // Without a scope the rule sees only the candidate.
  auto alone = evaluator.Admits(rule, *view.Find("e1"), app);
  BOOST_TEST_REQUIRE(alone.ok());
  BOOST_TEST(!*alone);
}

// The evaluator reads the SchedulingInfo in place; over random rules it must answer exactly as
// the rule does over the JSON document BuildSchedulingInfo builds.
BOOST_AUTO_TEST_CASE(in_place_lookup_answers_as_the_built_scheduling_info_on_random_rules) {
  const std::vector<std::string> pointers = {"'/executorNodeId'",
                                             "'/executorNodeId/x'",
                                             "'/allocatedExecutorNodeMetadata'",
                                             "'/allocatedExecutorNodeMetadata/rack'",
                                             "'/allocatedExecutorNodeMetadata/cores'",
                                             "'/allocatedExecutorNodeMetadata/rack/x'",
                                             "'/allocatedExecutorNodeMetadata/'",
                                             "'/allExecutorMetadata'",
                                             "'/allExecutorMetadata/e2'",
                                             "'/allExecutorMetadata/e2/rack'",
                                             "'/allExecutorMetadata/e9/rack'",
                                             "'/allExecutorMetadata/e1/cores'",
                                             "'/allExecutorMetadata/e2/rack/x'",
                                             "'/applicationEnvironment'",
                                             "'/applicationEnvironment/TIER'",
                                             "'/applicationEnvironment/TIER/x'",
                                             "'/nothing'"};
  const std::vector<std::string> literals = {"\"r1\"", "\"e1\"", "\"gold\"", "8",
                                             "16",     "true",   "\"16\""};
  const std::vector<std::string> ops = {"==", "!=", "<", "<=", ">", ">="};
  ClusterView view;
  view.UpsertExecutor(WithMetadata("e1", {{"rack", "r1"}, {"cores", "16"}}));
  view.UpsertExecutor(WithMetadata("e2", {{"rack", "r2"}, {"cores", "8"}}));
  const std::map<std::string, std::string> env{{"TIER", "gold"}};
  const std::string app = "app";
  HopeRuleEvaluator evaluator;
  std::mt19937 rng(7);
  auto pick = [&rng](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  int admitted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string rule = pick(pointers);
    if (rng() % 4) rule += " " + pick(ops) + " " + (rng() % 3 ? pick(literals) : pick(pointers));
    if (rng() % 3 == 0) rule = "!(" + rule + ") || " + pick(pointers) + " == " + pick(literals);
    const auto& executor = *view.Find(rng() % 2 ? "e1" : "e2");
    const RuleScope scope = rng() % 4 ? RuleScope{&view, &env} : RuleScope{};
    RuleQuery query{rule, PlacementRuleType::kHope, executor, app, scope};
    auto compiled = Compile(rule);
    BOOST_REQUIRE_MESSAGE(compiled.ok(), rule);
    auto in_place = evaluator.Evaluate(query);
    BOOST_REQUIRE(in_place.ok());
    const bool over_json = (*compiled)->Evaluate(BuildSchedulingInfo(query));
    BOOST_REQUIRE_MESSAGE(*in_place == over_json, rule << " on " << executor.executor_id);
    admitted += *in_place ? 1 : 0;
  }
  BOOST_TEST(admitted > 300);  // both outcomes are exercised
  BOOST_TEST(admitted < 2700);
}

BOOST_AUTO_TEST_CASE(mvel_rules_are_refused_with_a_clear_error) {
  ClusterView view;
  view.UpsertExecutor(WithMetadata("e1", {}));
  const std::string rule = "true";
  const std::string app = "app";
  HopeRuleEvaluator evaluator;
  auto admits =
      evaluator.Evaluate(RuleQuery{rule, PlacementRuleType::kMvel, *view.Find("e1"), app, {}});
  BOOST_TEST(!admits.ok());
  BOOST_TEST(admits.error() ==
             "ruleType MVEL is not supported, write the rule in HOPE (ruleType HOPE)");
  BOOST_TEST(*CheckPlacementRule("true", PlacementRuleType::kMvel) == admits.error());
  BOOST_TEST(!CheckPlacementRule(kRackR1, PlacementRuleType::kHope).has_value());
  BOOST_TEST(CheckPlacementRule("'/a' ==", PlacementRuleType::kHope)->find("column 8") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(rule_based_placement_selects_only_matching_executors) {
  HopeRuleEvaluator evaluator;
  Scheduler scheduler(&evaluator);
  scheduler.UpsertExecutor(WithMetadata("e1", {{"rack", "r2"}}));
  scheduler.UpsertExecutor(WithMetadata("e2", {{"rack", "r1"}}));
  scheduler.UpsertExecutor(WithMetadata("e3", {}));
  scheduler.UpsertExecutor(WithMetadata("e4", {{"rack", "r1"}}));
  auto request =
      Request("app", 1, 128, PlacementPolicy::RuleBased(kRackR1, PlacementRuleType::kHope));
  for (int i = 0; i < 6; ++i) {
    auto decision = scheduler.Place(request);
    BOOST_REQUIRE_MESSAGE(decision.placed(), decision.Explain());
    const std::string& chosen = decision.allocation->executor_id;
    BOOST_CHECK_MESSAGE(chosen == "e2" || chosen == "e4", chosen);
  }
  auto decision = scheduler.Evaluate(request);
  BOOST_TEST(decision.rejections.size() == 2u);
  BOOST_TEST(decision.rejections[0].executor_id == "e1");
  BOOST_TEST(decision.rejections[0].reason == "RULE_BASED rule rejects this executor");
  BOOST_TEST(evaluator.cache().misses() == 1u);  // compiled once for every executor and placement
}

BOOST_AUTO_TEST_CASE(rule_based_placement_composes_with_other_policies) {
  HopeRuleEvaluator evaluator;
  Scheduler scheduler(&evaluator);
  scheduler.UpsertExecutor(WithMetadata("e1", {{"rack", "r1"}}));
  scheduler.UpsertExecutor(WithMetadata("e2", {{"rack", "r1"}}));
  scheduler.UpsertExecutor(WithMetadata("e3", {{"rack", "r2"}}));
  auto policy =
      PlacementPolicy::Composite({PlacementPolicy::RuleBased(kRackR1, PlacementRuleType::kHope),
                                  PlacementPolicy::OnePerHost()},
                                 PlacementCombiner::kAnd);
  auto request = Request("app", 1, 128, policy);
  BOOST_TEST(scheduler.CanPlace(request, 2).ok());
  BOOST_TEST(!scheduler.CanPlace(request, 3).ok());
}

BOOST_AUTO_TEST_CASE(invalid_or_mvel_rules_reject_every_executor_with_the_reason) {
  HopeRuleEvaluator evaluator;
  Scheduler scheduler(&evaluator);
  scheduler.UpsertExecutor(WithMetadata("e1", {{"rack", "r1"}}));
  auto bad = scheduler.Evaluate(
      Request("app", 1, 128, PlacementPolicy::RuleBased("'/a' ==", PlacementRuleType::kHope)));
  BOOST_TEST_REQUIRE(!bad.placed());
  BOOST_TEST(bad.rejections[0].reason.find("RULE_BASED rule failed: invalid HOPE rule: "
                                           "unexpected end of rule at column 8") == 0);
  auto mvel = scheduler.Evaluate(
      Request("app", 1, 128, PlacementPolicy::RuleBased("true", PlacementRuleType::kMvel)));
  BOOST_TEST_REQUIRE(!mvel.placed());
  BOOST_TEST(mvel.rejections[0].reason.find("ruleType MVEL is not supported") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(placement_rules_can_read_the_app_env_and_other_executors) {
  HopeRuleEvaluator evaluator;
  Scheduler scheduler(&evaluator);
  scheduler.UpsertExecutor(WithMetadata("e1", {{"tier", "gold"}}));
  scheduler.UpsertExecutor(WithMetadata("e2", {{"tier", "silver"}}));
  auto request =
      Request("app", 1, 128,
              PlacementPolicy::RuleBased(
                  R"('/allocatedExecutorNodeMetadata/tier' == '/applicationEnvironment/TIER')",
                  PlacementRuleType::kHope));
  request.app_env = {{"TIER", "silver"}};
  auto decision = scheduler.Place(request);
  BOOST_TEST_REQUIRE(decision.placed());
  BOOST_TEST(decision.allocation->executor_id == "e2");
}

BOOST_AUTO_TEST_SUITE_END()
