// Randomised property test of the scheduler (fixed seed): cores are never double-booked.
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <tuple>
#include <utility>

#include "orchestrator/scheduler/scheduler.h"
#include "tests/unit/scheduler/test_cluster.h"

using drove::core::PlacementPolicy;
using drove::scheduler::Allocation;
using drove::scheduler::ClusterView;
using drove::scheduler::CoreId;
using drove::scheduler::NumaNodeId;
using drove::scheduler::Scheduler;
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

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_property)

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
