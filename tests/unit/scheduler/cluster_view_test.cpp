// Unit tests for ClusterView: executor upkeep, reserve and release bookkeeping.
#include "orchestrator/scheduler/cluster_view.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/scheduler/test_cluster.h"

using drove::scheduler::Allocation;
using drove::scheduler::ClusterView;
using drove::scheduler::CoreId;
using drove::scheduler::ExecutorState;
using drove::scheduler::ExecutorView;
using drove::scheduler::testing::MakeExecutor;
using drove::scheduler::testing::SimpleExecutor;

namespace {

// The indexes, recomputed from the executor map, must equal what the view keeps.
void CheckIndexes(const ClusterView& view) {
  ClusterView::Executors all;
  std::map<std::string, ClusterView::Executors> by_tag;
  std::map<std::string, ClusterView::AppHosts> hosts;
  size_t instances = 0;
  for (const auto& [id, executor] : view.executors()) {
    all.push_back(&executor);
    for (const auto& tag : executor.tags) by_tag[tag].push_back(&executor);
    for (const auto& [app, count] : executor.app_instances) {
      hosts[app][&executor] = count;
      instances += static_cast<size_t>(count);
    }
    int64_t largest = 0;
    for (const auto& [node_id, node] : executor.nodes)
      largest = std::max<int64_t>(largest, static_cast<int64_t>(node.free_cores.size()));
    BOOST_REQUIRE_EQUAL(executor.largest_free_cores, largest);
  }
  BOOST_REQUIRE(view.ordered() == all);
  for (const auto& [tag, executors] : by_tag) BOOST_REQUIRE(view.WithTag(tag) == executors);
  for (const char* tag : {"gpu", "ssd", "e1.host", "e9.host"}) {
    if (!by_tag.count(tag)) BOOST_REQUIRE(view.WithTag(tag).empty());
  }
  for (const auto& [app, executors] : hosts) BOOST_REQUIRE(view.HostsOf(app) == executors);
  for (int app = 0; app < 5; ++app) {
    const std::string name = "app" + std::to_string(app);
    if (!hosts.count(name)) BOOST_REQUIRE(view.HostsOf(name).empty());
  }
  BOOST_REQUIRE_EQUAL(view.instance_count(), instances);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_view)

BOOST_AUTO_TEST_CASE(indexes_follow_every_change_and_survive_copies) {
  std::mt19937 rng(42);
  ClusterView view;
  std::vector<Allocation> live;
  for (int op = 0; op < 4000; ++op) {
    const std::string id = "e" + std::to_string(rng() % 10);
    const uint32_t roll = rng() % 100;
    if (roll < 10) {  // add, or re-tag an executor (its allocations stay)
      std::set<std::string> tags;
      if (rng() % 2) tags.insert(rng() % 2 ? "gpu" : "ssd");
      view.UpsertExecutor(SimpleExecutor(id, 4, 1000, tags));
    } else if (roll < 13) {
      view.RemoveExecutor(id);
      std::erase_if(live, [&id](const Allocation& a) { return a.executor_id == id; });
    } else if (roll < 55 && !live.empty()) {
      const size_t victim = rng() % live.size();
      BOOST_REQUIRE(view.Release(live[victim]).ok());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(victim));
    } else {
      Allocation a{id, "app" + std::to_string(rng() % 5), 0, {static_cast<CoreId>(rng() % 4)}, 10};
      if (view.Reserve(a).ok()) live.push_back(a);
    }
    CheckIndexes(view);
  }
  BOOST_TEST(view.instance_count() > 0u);
  ClusterView copy = view;
  CheckIndexes(copy);
  BOOST_TEST(copy.ordered().front() != view.ordered().front());  // points into its own map
  ClusterView moved = std::move(copy);
  CheckIndexes(moved);
}

BOOST_AUTO_TEST_CASE(hostname_always_counts_as_a_tag) {
  ClusterView view;
  BOOST_REQUIRE(view.UpsertExecutor(SimpleExecutor("e1", 2, 100, {"gpu"})).ok());
  const auto* e1 = view.Find("e1");
  BOOST_REQUIRE(e1 != nullptr);
  BOOST_TEST(e1->tags.count("e1.host") == 1u);
  BOOST_TEST(e1->ExtraTags() == std::vector<std::string>{"gpu"});
}

BOOST_AUTO_TEST_CASE(reserve_moves_cores_and_memory_from_free_to_used) {
  ClusterView view;
  view.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_REQUIRE(view.Reserve({"e1", "app", 0, {1, 2}, 300}).ok());
  const auto& node = view.Find("e1")->nodes.at(0);
  BOOST_TEST((node.free_cores == std::set<CoreId>{0, 3}));
  BOOST_TEST((node.used_cores == std::set<CoreId>{1, 2}));
  BOOST_TEST(node.free_mb == 700);
  BOOST_TEST(node.used_mb == 300);
  BOOST_TEST(view.Find("e1")->InstancesOf("app") == 1);
}

BOOST_AUTO_TEST_CASE(reserve_of_used_core_fails_clearly_and_changes_nothing) {
  ClusterView view;
  view.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_REQUIRE(view.Reserve({"e1", "a", 0, {1}, 100}).ok());
  auto status = view.Reserve({"e1", "b", 0, {0, 1}, 100});
  BOOST_TEST(status.message() == "core 1 on NUMA node 0 of executor e1 is already in use");
  BOOST_TEST(view.Find("e1")->FreeCores() == 3);
  BOOST_TEST(view.Find("e1")->InstancesOf("b") == 0);
  BOOST_TEST(view.Reserve({"e1", "b", 0, {9}, 1}).message() ==
             "core 9 on NUMA node 0 of executor e1 is not offered");
  BOOST_TEST(view.Reserve({"e1", "b", 0, {2}, 5000}).message() ==
             "needs 5000 MB on NUMA node 0 of executor e1, 900 MB free");
  BOOST_TEST(view.Reserve({"nope", "b", 0, {2}, 1}).message() == "unknown executor nope");
  BOOST_TEST(view.Reserve({"e1", "b", 3, {2}, 1}).message() == "no NUMA node 3 of executor e1");
}

BOOST_AUTO_TEST_CASE(release_frees_what_reserve_took) {
  ClusterView view;
  view.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  Allocation allocation{"e1", "app", 0, {0, 3}, 250};
  BOOST_REQUIRE(view.Reserve(allocation).ok());
  BOOST_REQUIRE(view.Release(allocation).ok());
  const auto* e1 = view.Find("e1");
  BOOST_TEST(e1->FreeCores() == 4);
  BOOST_TEST(e1->FreeMemoryMb() == 1000);
  BOOST_TEST(e1->UsedMemoryMb() == 0);
  BOOST_TEST(e1->app_instances.empty());
  BOOST_TEST(view.Release(allocation).message() ==
             "core 0 on NUMA node 0 of executor e1 is not in use");
}

BOOST_AUTO_TEST_CASE(executor_update_keeps_existing_allocations) {
  ClusterView view;
  view.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_REQUIRE(view.Reserve({"e1", "app", 0, {0}, 100}).ok());
  auto bigger = SimpleExecutor("e1", 8, 2000);
  bigger.state = ExecutorState::kBlacklisted;
  BOOST_REQUIRE(view.UpsertExecutor(bigger).ok());
  const auto* e1 = view.Find("e1");
  BOOST_TEST(e1->FreeCores() == 7);
  BOOST_TEST(e1->FreeMemoryMb() == 1900);
  BOOST_TEST(e1->InstancesOf("app") == 1);
  BOOST_TEST(!e1->Schedulable());
}

BOOST_AUTO_TEST_CASE(shrunk_layout_reports_conflict_and_keeps_used_cores) {
  ClusterView view;
  view.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_REQUIRE(view.Reserve({"e1", "app", 0, {3}, 600}).ok());
  auto status = view.UpsertExecutor(SimpleExecutor("e1", 2, 500));
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.message().find("used core 3 of node 0 not offered") != std::string::npos);
  const auto* e1 = view.Find("e1");
  BOOST_TEST(e1->UsedCores() == 1);
  BOOST_TEST(e1->FreeCores() == 2);
  BOOST_TEST(e1->FreeMemoryMb() == 0);
  BOOST_REQUIRE(view.Release({"e1", "app", 0, {3}, 600}).ok());
  BOOST_TEST(view.Find("e1")->FreeCores() == 2);  // core 3 is gone with the old layout
  BOOST_TEST(view.Find("e1")->FreeMemoryMb() == 500);
}

BOOST_AUTO_TEST_CASE(remove_executor_forgets_it) {
  ClusterView view;
  view.UpsertExecutor(MakeExecutor("e1", {{0, {0}, 10}}));
  BOOST_TEST(view.RemoveExecutor("e1"));
  BOOST_TEST(!view.RemoveExecutor("e1"));
  BOOST_TEST(view.Find("e1") == nullptr);
  BOOST_TEST(!view.SetExecutorState("e1", ExecutorState::kActive));
}

BOOST_AUTO_TEST_SUITE_END()
