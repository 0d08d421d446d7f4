// Unit tests for Scheduler: placement, ranking, refusals with reasons, capacity checks, rebuild.
#include "orchestrator/scheduler/scheduler.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "tests/unit/scheduler/test_cluster.h"

using drove::core::PlacementPolicy;
using drove::scheduler::Allocation;
using drove::scheduler::CoreId;
using drove::scheduler::ExecutorState;
using drove::scheduler::Scheduler;
using drove::scheduler::testing::MakeExecutor;
using drove::scheduler::testing::Request;
using drove::scheduler::testing::SimpleExecutor;

BOOST_AUTO_TEST_SUITE(scheduler)

BOOST_AUTO_TEST_CASE(place_records_the_allocation) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  auto decision = scheduler.Place(Request("app", 2, 512));
  BOOST_REQUIRE_MESSAGE(decision.placed(), decision.Explain());
  BOOST_TEST((*decision.allocation == Allocation{"e1", "app", 0, {0, 1}, 512}));
  BOOST_TEST(decision.Explain() == "placed on e1 node 0 cores [0,1] 512 MB");
  const auto* e1 = scheduler.view().Find("e1");
  BOOST_TEST(e1->FreeCores() == 2);
  BOOST_TEST(e1->FreeMemoryMb() == 488);
  BOOST_TEST(e1->InstancesOf("app") == 1);
}

BOOST_AUTO_TEST_CASE(instance_fitting_in_total_but_on_no_single_numa_node_is_not_placed) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(MakeExecutor("e1", {{0, {0, 1}, 1000}, {1, {2, 3}, 1000}}));
  auto decision = scheduler.Place(Request("app", 3, 100));
  BOOST_TEST(!decision.placed());
  BOOST_TEST(decision.Explain() ==
             "no executor fits: 1 executor checked; e1: needs 3 cores on one NUMA node, "
             "largest free is 2");
  BOOST_TEST(scheduler.view().Find("e1")->FreeCores() == 4);
}

BOOST_AUTO_TEST_CASE(refusal_explains_every_executor) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("exec-a", 1, 1000));
  scheduler.UpsertExecutor(SimpleExecutor("exec-b", 8, 8000));
  BOOST_REQUIRE(scheduler.Reserve({"exec-b", "X", 0, {0}, 10}).ok());
  auto decision = scheduler.Place(Request("X", 2, 100, PlacementPolicy::OnePerHost()));
  BOOST_TEST(decision.executors_checked == 2u);
  BOOST_TEST(decision.Explain() ==
             "no executor fits: 2 executors checked; exec-a: needs 2 cores on one NUMA node, "
             "largest free is 1; exec-b: ONE_PER_HOST already has an instance of app X");
}

BOOST_AUTO_TEST_CASE(empty_cluster_refusal_says_so) {
  Scheduler scheduler;
  BOOST_TEST(scheduler.Place(Request("app", 1, 1)).Explain() ==
             "no executor fits: 0 executors checked");
}

BOOST_AUTO_TEST_CASE(placement_spreads_an_app_across_hosts) {
  Scheduler scheduler;
  for (const char* id : {"e1", "e2", "e3"}) scheduler.UpsertExecutor(SimpleExecutor(id, 8, 8000));
  std::set<std::string> hosts;
  for (int i = 0; i < 3; ++i)
    hosts.insert(scheduler.Place(Request("app", 1, 10)).allocation->executor_id);
  BOOST_TEST(hosts.size() == 3u);
}

BOOST_AUTO_TEST_CASE(ranking_prefers_best_fit_then_executor_id) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e2", 4, 1000));
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  scheduler.UpsertExecutor(SimpleExecutor("e3", 2, 1000));
  BOOST_TEST(scheduler.Place(Request("a", 1, 10)).allocation->executor_id == "e3");
  // "b": e3 now has 1 free core, fewest; then e1 and e2 tie on everything but the id.
  BOOST_TEST(scheduler.Place(Request("b", 1, 10)).allocation->executor_id == "e3");
  BOOST_TEST(scheduler.Place(Request("b", 1, 10)).allocation->executor_id == "e1");
}

BOOST_AUTO_TEST_CASE(best_fit_numa_node_and_lowest_core_ids) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(MakeExecutor("e1", {{0, {0, 1, 2, 3}, 1000}, {1, {6, 5}, 1000}}));
  auto decision = scheduler.Place(Request("app", 2, 100));
  BOOST_TEST(decision.allocation->node_id == 1);
  BOOST_TEST(decision.allocation->cores == std::vector<CoreId>({5, 6}));
}

BOOST_AUTO_TEST_CASE(tagged_executors_take_only_matching_apps) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("gpu-box", 8, 8000, {"gpu"}));
  scheduler.UpsertExecutor(SimpleExecutor("plain", 1, 100));
  auto gpu = scheduler.Place(Request("ml", 1, 10, PlacementPolicy::MatchTag("gpu")));
  BOOST_TEST(gpu.allocation->executor_id == "gpu-box");
  // Untagged apps get NO_TAG ANDed in: they stay off the gpu box even when it is the only fit.
  BOOST_TEST(scheduler.Place(Request("web", 1, 10)).allocation->executor_id == "plain");
  auto full = scheduler.Place(Request("web", 1, 10));
  BOOST_TEST(!full.placed());
  BOOST_TEST(full.rejections.at(0).reason == "NO_TAG but executor is tagged gpu");
  auto by_host = scheduler.Place(Request("pin", 1, 10, PlacementPolicy::MatchTag("gpu-box.host")));
  BOOST_TEST(by_host.allocation->executor_id == "gpu-box");
}

BOOST_AUTO_TEST_CASE(max_n_per_host_fills_hosts_up_to_n) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 8, 8000));
  auto request = Request("app", 1, 10, PlacementPolicy::MaxNPerHost(2));
  BOOST_TEST(scheduler.Place(request).placed());
  BOOST_TEST(scheduler.Place(request).placed());
  BOOST_TEST(!scheduler.Place(request).placed());
  BOOST_TEST(scheduler.Place(Request("other", 1, 10, PlacementPolicy::MaxNPerHost(2))).placed());
}

BOOST_AUTO_TEST_CASE(nested_composite_or_of_and_places_on_either_alternative_only) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("gpu-1", 8, 8000, {"gpu"}));
  scheduler.UpsertExecutor(SimpleExecutor("ssd-1", 8, 8000, {"ssd"}));
  scheduler.UpsertExecutor(SimpleExecutor("plain", 8, 8000));
  // (gpu AND one per host) OR (ssd AND at most 2 per host): 3 fit, "plain" never takes one.
  const auto policy =
      PlacementPolicy::Composite({PlacementPolicy::Composite({PlacementPolicy::MatchTag("gpu"),
                                                              PlacementPolicy::OnePerHost()}),
                                  PlacementPolicy::Composite({PlacementPolicy::MatchTag("ssd"),
                                                              PlacementPolicy::MaxNPerHost(2)})},
                                 drove::core::PlacementCombiner::kOr);
  std::map<std::string, int> hosts;
  for (int i = 0; i < 3; ++i) {
    auto decision = scheduler.Place(Request("app", 1, 10, policy));
    BOOST_REQUIRE_MESSAGE(decision.placed(), decision.Explain());
    ++hosts[decision.allocation->executor_id];
  }
  BOOST_TEST((hosts == std::map<std::string, int>{{"gpu-1", 1}, {"ssd-1", 2}}));
  auto full = scheduler.Place(Request("app", 1, 10, policy));
  BOOST_TEST(!full.placed());
  BOOST_TEST(full.Explain().find("plain: no OR alternative admits it (MATCH_TAG has no tag "
                                 "\"gpu\"; MATCH_TAG has no tag \"ssd\")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(blacklisted_executors_take_no_work) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 8, 8000));
  scheduler.SetExecutorState("e1", ExecutorState::kBlacklistRequested);
  BOOST_TEST(scheduler.Place(Request("a", 1, 1)).Explain() ==
             "no executor fits: 1 executor checked; e1: executor is BLACKLIST_REQUESTED");
}

BOOST_AUTO_TEST_CASE(release_frees_for_the_next_placement) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 2, 100));
  auto first = scheduler.Place(Request("app", 2, 100));
  BOOST_REQUIRE(first.placed());
  BOOST_TEST(!scheduler.Place(Request("app", 1, 1)).placed());
  BOOST_REQUIRE(scheduler.Release(*first.allocation).ok());
  BOOST_TEST(scheduler.Place(Request("app", 2, 100)).placed());
}

BOOST_AUTO_TEST_CASE(can_place_counts_and_rolls_back) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  scheduler.UpsertExecutor(SimpleExecutor("e2", 4, 1000));
  auto check = scheduler.CanPlace(Request("app", 2, 100, PlacementPolicy::OnePerHost()), 3);
  BOOST_TEST(!check.ok());
  BOOST_TEST(check.placeable == 2);
  BOOST_TEST(check.explanation ==
             "only 2 of 3 instances fit: no executor fits: 2 executors checked; "
             "e1: ONE_PER_HOST already has an instance of app app; "
             "e2: ONE_PER_HOST already has an instance of app app");
  BOOST_TEST(scheduler.view().Find("e1")->FreeCores() == 4);
  BOOST_TEST(scheduler.view().Find("e2")->InstancesOf("app") == 0);
  BOOST_TEST(scheduler.CanPlace(Request("app", 2, 100), 4).ok());
  BOOST_TEST(scheduler.view().Find("e2")->FreeMemoryMb() == 1000);
}

BOOST_AUTO_TEST_CASE(evaluate_records_nothing) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_TEST(scheduler.Evaluate(Request("app", 4, 1000)).placed());
  BOOST_TEST(scheduler.view().Find("e1")->FreeCores() == 4);
}

BOOST_AUTO_TEST_CASE(restricting_to_one_executor_checks_only_it) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  scheduler.UpsertExecutor(SimpleExecutor("e2", 4, 1000));
  auto request = Request("svc", 1, 10, PlacementPolicy::Local(false));
  request.executor_id = "e2";
  auto decision = scheduler.Place(request);
  BOOST_TEST(decision.executors_checked == 1u);
  BOOST_TEST(decision.allocation->executor_id == "e2");
}

BOOST_AUTO_TEST_CASE(rebuild_reserves_live_allocations_and_refuses_overlaps) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_REQUIRE(scheduler.Reserve({"e1", "app", 0, {2, 3}, 500}).ok());
  auto overlap = scheduler.Reserve({"e1", "other", 0, {1, 2}, 100});
  BOOST_TEST(overlap.message() == "core 2 on NUMA node 0 of executor e1 is already in use");
  auto next = scheduler.Place(Request("app", 2, 100));
  BOOST_TEST(next.allocation->cores == std::vector<CoreId>({0, 1}));
}

BOOST_AUTO_TEST_CASE(negative_requests_are_refused) {
  Scheduler scheduler;
  scheduler.UpsertExecutor(SimpleExecutor("e1", 4, 1000));
  BOOST_TEST(scheduler.Place(Request("app", -1, 10)).Explain() ==
             "no executor fits: 0 executors checked; *: invalid request: cores must be >= 0");
}

BOOST_AUTO_TEST_SUITE_END()
