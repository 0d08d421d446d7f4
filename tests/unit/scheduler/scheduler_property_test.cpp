// Randomised property tests of the scheduler (fixed seeds): cores are never double-booked,
// free + used = capacity, no placement violates its policy, and the bounded candidate scan
// agrees with the exhaustive scan (exactly when unbounded; on "placed or not" when bounded).
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <tuple>
#include <utility>

#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"
#include "orchestrator/scheduler/scheduler.h"
#include "tests/unit/scheduler/test_cluster.h"

using drove::core::PlacementCombiner;
using drove::core::PlacementPolicy;
using drove::core::PlacementRuleType;
using drove::scheduler::Allocation;
using drove::scheduler::CheckExecutor;
using drove::scheduler::ClusterView;
using drove::scheduler::CoreId;
using drove::scheduler::Decision;
using drove::scheduler::EffectivePolicy;
using drove::scheduler::ExecutorInfo;
using drove::scheduler::ExecutorState;
using drove::scheduler::NumaNodeId;
using drove::scheduler::PlacementRequest;
using drove::scheduler::Scheduler;
using drove::scheduler::hope::HopeRuleEvaluator;
using drove::scheduler::testing::MakeExecutor;
using drove::scheduler::testing::Request;

namespace {

using CoreKey = std::tuple<std::string, NumaNodeId, CoreId>;

// Checks free + used == capacity per node, free and used disjoint, app counts match.
void CheckInvariants(const ClusterView& view, const std::vector<Allocation>& live) {
  std::map<CoreKey, int> owners;
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const auto& a : live) {
    for (CoreId core : a.cores) {
      const int owners_of_core = ++owners[CoreKey{a.executor_id, a.node_id, core}];
      BOOST_REQUIRE(owners_of_core == 1);
    }
    ++counts[{a.executor_id, a.app_id}];
  }
  for (const auto& [id, executor] : view.executors()) {
    for (const auto& [node_id, node] : executor.nodes) {
      const auto& offer = executor.layout.nodes.at(node_id);
      BOOST_REQUIRE(node.free_cores.size() + node.used_cores.size() == offer.cores.size());
      BOOST_REQUIRE(node.free_mb + node.used_mb == offer.memory_mb);
      for (CoreId core : node.used_cores) {
        BOOST_REQUIRE(node.free_cores.count(core) == 0);
        BOOST_REQUIRE(owners.count(CoreKey{id, node_id, core}) == 1);
      }
    }
    for (const auto& [app, count] : executor.app_instances) {
      const int expected = counts[std::make_pair(id, app)];
      BOOST_REQUIRE(expected == count);
    }
  }
}

PlacementPolicy RandomPolicy(std::mt19937& rng) {
  switch (rng() % 5) {
    case 0:
      return PlacementPolicy::OnePerHost();
    case 1:
      return PlacementPolicy::MaxNPerHost(1 + rng() % 4);
    case 2:
      return PlacementPolicy::MatchTag("fast");
    default:
      return PlacementPolicy::Any();
  }
}

// An executor of a random cluster: 1-3 NUMA nodes of 1-8 cores, 20% tagged, rack/zone metadata,
// 10% not ACTIVE.
ExecutorInfo RandomExecutor(std::mt19937& rng, int index) {
  std::set<std::string> tags;
  if (rng() % 5 == 0) tags.insert(rng() % 2 ? "gpu" : "ssd");
  const std::string id = "e" + std::to_string(index);
  ExecutorInfo info = MakeExecutor(id, {}, tags);
  CoreId next = 0;
  const int nodes = 1 + static_cast<int>(rng() % 3);
  for (int node = 0; node < nodes; ++node) {
    std::set<CoreId> cores;
    for (uint32_t c = 0, n = 1 + rng() % 8; c < n; ++c) cores.insert(next++);
    info.layout.nodes[node] = {cores, 512 + static_cast<int64_t>(rng() % 4096)};
  }
  info.metadata = {{"rack", "r" + std::to_string(rng() % 5)},
                   {"zone", "z" + std::to_string(rng() % 2)}};
  if (rng() % 10 == 0) info.state = ExecutorState::kBlacklisted;
  return info;
}

// Every policy type, RULE_BASED over metadata, and nested COMPOSITE (OR of AND).
PlacementPolicy AnyPolicy(std::mt19937& rng) {
  auto rule = [&rng] {
    return PlacementPolicy::RuleBased(
        "'/allocatedExecutorNodeMetadata/rack' != \"r" + std::to_string(rng() % 5) + "\"",
        PlacementRuleType::kHope);
  };
  switch (rng() % 8) {
    case 0:
      return rule();
    case 1:
      return PlacementPolicy::Composite({PlacementPolicy::MaxNPerHost(2), rule()});
    case 2:
      return PlacementPolicy::Composite(
          {PlacementPolicy::Composite(
               {PlacementPolicy::MatchTag("gpu"), PlacementPolicy::OnePerHost()}),
           PlacementPolicy::Composite({rule(), PlacementPolicy::MaxNPerHost(1)})},
          PlacementCombiner::kOr);
    case 3:
      return PlacementPolicy::MatchTag("e" + std::to_string(rng() % 40) + ".host");
    default:
      return RandomPolicy(rng);
  }
}

PlacementRequest AnyRequest(std::mt19937& rng) {
  return Request("app-" + std::to_string(rng() % 9), 1 + rng() % 4,
                 static_cast<int64_t>(rng() % 1024), AnyPolicy(rng));
}

// Places through `scheduler`, checking the choice against the exhaustive scan first: the same
// allocation when `exact`, else the same "placed or not" and an executor the exhaustive checks
// find feasible (state, policy, NUMA fit). Returns the decision.
Decision PlaceChecked(Scheduler& scheduler, const PlacementRequest& request, bool exact,
                      const HopeRuleEvaluator& rules) {
  const Decision reference = scheduler.EvaluateExhaustive(request);
  const Decision predicted = scheduler.Evaluate(request);
  BOOST_REQUIRE_EQUAL(predicted.placed(), reference.placed());
  if (exact) BOOST_REQUIRE(predicted.allocation == reference.allocation);
  if (predicted.placed()) {
    const auto& chosen = *scheduler.view().Find(predicted.allocation->executor_id);
    const auto feasibility = CheckExecutor(chosen, request, EffectivePolicy(request.policy), &rules,
                                           {&scheduler.view(), &request.app_env});
    BOOST_REQUIRE_MESSAGE(feasibility.feasible, feasibility.reason);
  }
  const Decision decision = scheduler.Place(request);
  BOOST_REQUIRE(decision.allocation == predicted.allocation);  // Evaluate predicts Place
  return decision;
}

// Random place / release / executor changes on a 40-executor cluster with the given limit.
void RunRandomCluster(uint32_t seed, size_t candidate_limit, bool exact) {
  std::mt19937 rng(seed);
  HopeRuleEvaluator rules;
  Scheduler scheduler(&rules, candidate_limit);
  for (int i = 0; i < 40; ++i) scheduler.UpsertExecutor(RandomExecutor(rng, i));
  std::vector<Allocation> live;
  int placed = 0, refused = 0;
  for (int op = 0; op < 3000; ++op) {
    const uint32_t roll = rng() % 100;
    if (roll < 3) {  // an executor changes tags, metadata or state (its allocations stay)
      const int index = static_cast<int>(rng() % 40);
      ExecutorInfo info = RandomExecutor(rng, index);
      const auto* old = scheduler.view().Find(info.executor_id);
      if (old != nullptr) info.layout = old->layout;
      scheduler.UpsertExecutor(info);
    } else if (!live.empty() && roll < 40) {
      const size_t victim = rng() % live.size();
      BOOST_REQUIRE(scheduler.Release(live[victim]).ok());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(victim));
    } else {
      const Decision decision = PlaceChecked(scheduler, AnyRequest(rng), exact, rules);
      if (decision.placed()) {
        live.push_back(*decision.allocation);
        ++placed;
      } else {
        ++refused;
      }
    }
    if (op % 25 == 0) CheckInvariants(scheduler.view(), live);
  }
  CheckInvariants(scheduler.view(), live);
  BOOST_TEST(placed > 500);
  BOOST_TEST(refused > 50);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_property)

BOOST_AUTO_TEST_CASE(unbounded_scan_decides_exactly_as_the_exhaustive_scan) {
  for (uint32_t seed : {1u, 2u, 3u}) RunRandomCluster(seed, 0, true);
}

BOOST_AUTO_TEST_CASE(bounded_scan_places_whenever_the_exhaustive_scan_can_and_never_breaks_policy) {
  for (uint32_t seed : {11u, 12u, 13u}) RunRandomCluster(seed, 3, false);
}

BOOST_AUTO_TEST_CASE(default_limit_on_a_small_cluster_is_the_exhaustive_scan) {
  std::mt19937 rng(5);
  Scheduler scheduler;
  for (int i = 0; i < 8; ++i) scheduler.UpsertExecutor(RandomExecutor(rng, i));
  for (int i = 0; i < 200; ++i) {
    const auto request =
        Request("app-" + std::to_string(rng() % 4), 1 + rng() % 3, 100, RandomPolicy(rng));
    const Decision bounded = scheduler.Evaluate(request);
    const Decision reference = scheduler.EvaluateExhaustive(request);
    BOOST_REQUIRE(bounded.allocation == reference.allocation);
    BOOST_REQUIRE_EQUAL(bounded.rejections.size(), reference.rejections.size());
    scheduler.Place(request);
  }
}

BOOST_AUTO_TEST_CASE(random_place_release_never_double_books_a_core) {
  std::mt19937 rng(20240611);
  Scheduler scheduler;
  for (int i = 0; i < 6; ++i) {
    std::set<std::string> tags;
    if (i % 3 == 0) tags.insert("fast");
    scheduler.UpsertExecutor(MakeExecutor(
        "e" + std::to_string(i), {{0, {0, 1, 2, 3, 4, 5}, 8192}, {1, {6, 7, 8, 9}, 4096}}, tags));
  }
  std::vector<Allocation> live;
  int placed = 0, refused = 0;
  for (int op = 0; op < 5000; ++op) {
    if (!live.empty() && rng() % 100 < 45) {
      size_t victim = rng() % live.size();
      BOOST_REQUIRE(scheduler.Release(live[victim]).ok());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(victim));
    } else {
      auto request = Request("app-" + std::to_string(rng() % 7), rng() % 4,
                             static_cast<int64_t>(rng() % 2048), RandomPolicy(rng));
      auto decision = scheduler.Place(request);
      if (decision.placed()) {
        live.push_back(*decision.allocation);
        ++placed;
      } else {
        BOOST_REQUIRE(!decision.rejections.empty());
        ++refused;
      }
    }
    if (op % 50 == 0) CheckInvariants(scheduler.view(), live);
  }
  CheckInvariants(scheduler.view(), live);
  BOOST_TEST(placed > 1000);
  BOOST_TEST(refused > 0);
  for (const auto& a : live) BOOST_REQUIRE(scheduler.Release(a).ok());
  for (const auto& [id, executor] : scheduler.view().executors()) {
    BOOST_TEST(executor.UsedCores() == 0);
    BOOST_TEST(executor.app_instances.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
