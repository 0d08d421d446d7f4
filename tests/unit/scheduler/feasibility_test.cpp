// Unit tests for the feasibility checks: every placement policy, executor state and NUMA fit.
#include "orchestrator/scheduler/feasibility.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/scheduler/test_cluster.h"

using drove::core::PlacementCombiner;
using drove::core::PlacementPolicy;
using drove::core::PlacementRuleType;
using drove::core::Result;
using drove::scheduler::CheckExecutor;
using drove::scheduler::CheckFit;
using drove::scheduler::CheckPolicy;
using drove::scheduler::ClusterView;
using drove::scheduler::EffectivePolicy;
using drove::scheduler::ExecutorState;
using drove::scheduler::ExecutorView;
using drove::scheduler::RuleEvaluator;
using drove::scheduler::testing::MakeExecutor;
using drove::scheduler::testing::Request;
using drove::scheduler::testing::SimpleExecutor;

namespace {

// A view with one executor "e1" (4 cores, 1000 MB, tags as given) holding `instances` of "app".
struct Fixture {
  ClusterView view;
  explicit Fixture(std::set<std::string> tags = {}, int instances = 0) {
    view.UpsertExecutor(SimpleExecutor("e1", 4, 1000, std::move(tags)));
    for (int i = 0; i < instances; ++i) view.Reserve({"e1", "app", 0, {i}, 10});
  }
  const ExecutorView& e1() const { return *view.Find("e1"); }
  std::optional<std::string> Check(const PlacementPolicy& policy,
                                   const std::string& app = "app") const {
    return CheckPolicy(policy, e1(), app, nullptr);
  }
};

class FixedRule : public RuleEvaluator {
 public:
  Result<bool> Admits(const std::string& rule, const ExecutorView& executor,
                      const std::string&) const override {
    return rule == executor.executor_id;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(feasibility)

BOOST_AUTO_TEST_CASE(any_admits_every_executor) {
  BOOST_TEST(!Fixture({}, 3).Check(PlacementPolicy::Any()).has_value());
}

BOOST_AUTO_TEST_CASE(one_per_host_refuses_a_second_instance_of_the_same_app) {
  BOOST_TEST(!Fixture({}, 0).Check(PlacementPolicy::OnePerHost()).has_value());
  BOOST_TEST(*Fixture({}, 1).Check(PlacementPolicy::OnePerHost()) ==
             "ONE_PER_HOST already has an instance of app app");
  BOOST_TEST(!Fixture({}, 1).Check(PlacementPolicy::OnePerHost(), "other").has_value());
}

BOOST_AUTO_TEST_CASE(max_n_per_host_counts_only_the_same_app) {
  Fixture fixture({}, 2);
  fixture.view.Reserve({"e1", "other", 0, {3}, 10});
  BOOST_TEST(!fixture.Check(PlacementPolicy::MaxNPerHost(3)).has_value());
  BOOST_TEST(*fixture.Check(PlacementPolicy::MaxNPerHost(2)) ==
             "MAX_N_PER_HOST already has 2 instances of app app (max 2)");
  BOOST_TEST(!fixture.Check(PlacementPolicy::MaxNPerHost(1), "new-app").has_value());
}

BOOST_AUTO_TEST_CASE(match_tag_needs_the_tag_and_hostname_is_a_tag) {
  Fixture fixture({"gpu"});
  BOOST_TEST(!fixture.Check(PlacementPolicy::MatchTag("gpu")).has_value());
  BOOST_TEST(!fixture.Check(PlacementPolicy::MatchTag("e1.host")).has_value());
  BOOST_TEST(*fixture.Check(PlacementPolicy::MatchTag("ssd")) == "MATCH_TAG has no tag \"ssd\"");
}

BOOST_AUTO_TEST_CASE(no_tag_admits_only_executors_tagged_with_just_their_hostname) {
  BOOST_TEST(!Fixture().Check(PlacementPolicy::NoTag()).has_value());
  BOOST_TEST(*Fixture({"gpu", "ssd"}).Check(PlacementPolicy::NoTag()) ==
             "NO_TAG but executor is tagged gpu,ssd");
}

BOOST_AUTO_TEST_CASE(composite_and_needs_all_and_or_needs_one) {
  Fixture fixture({"gpu"}, 1);
  auto both =
      PlacementPolicy::Composite({PlacementPolicy::MatchTag("gpu"), PlacementPolicy::OnePerHost()});
  BOOST_TEST(*fixture.Check(both) == "ONE_PER_HOST already has an instance of app app");
  auto either = PlacementPolicy::Composite(
      {PlacementPolicy::MatchTag("ssd"), PlacementPolicy::OnePerHost()}, PlacementCombiner::kOr);
  BOOST_TEST(*fixture.Check(either) ==
             "no OR alternative admits it (MATCH_TAG has no tag \"ssd\"; ONE_PER_HOST already "
             "has an instance of app app)");
  auto one_ok = PlacementPolicy::Composite(
      {PlacementPolicy::MatchTag("ssd"), PlacementPolicy::MatchTag("gpu")}, PlacementCombiner::kOr);
  BOOST_TEST(!fixture.Check(one_ok).has_value());
}

BOOST_AUTO_TEST_CASE(rule_based_is_refused_without_an_evaluator_and_uses_it_when_given) {
  Fixture fixture;
  auto rule = PlacementPolicy::RuleBased("e1", PlacementRuleType::kHope);
  BOOST_TEST(*fixture.Check(rule) == "RULE_BASED rules are not supported yet");
  FixedRule evaluator;
  BOOST_TEST(!CheckPolicy(rule, fixture.e1(), "app", &evaluator).has_value());
  auto other = PlacementPolicy::RuleBased("e2", PlacementRuleType::kHope);
  BOOST_TEST(*CheckPolicy(other, fixture.e1(), "app", &evaluator) ==
             "RULE_BASED rule rejects this executor");
}

BOOST_AUTO_TEST_CASE(untagged_policies_get_no_tag_anded_in) {
  auto effective = EffectivePolicy(PlacementPolicy::OnePerHost());
  BOOST_TEST((effective ==
              PlacementPolicy::Composite({PlacementPolicy::OnePerHost(), PlacementPolicy::NoTag()},
                                         PlacementCombiner::kAnd)));
  auto tagged = PlacementPolicy::Composite({PlacementPolicy::MatchTag("gpu")});
  BOOST_TEST((EffectivePolicy(tagged) == tagged));
  BOOST_TEST(*Fixture({"gpu"}).Check(EffectivePolicy(PlacementPolicy::Any())) ==
             "NO_TAG but executor is tagged gpu");
}

BOOST_AUTO_TEST_CASE(instance_must_fit_on_one_numa_node) {
  ClusterView view;
  view.UpsertExecutor(MakeExecutor("e1", {{0, {0, 1}, 1000}, {1, {2, 3}, 1000}}));
  auto fit = CheckFit(*view.Find("e1"), 3, 100);
  BOOST_TEST(fit.nodes.empty());
  BOOST_TEST(fit.reason == "needs 3 cores on one NUMA node, largest free is 2");
  auto memory = CheckFit(*view.Find("e1"), 2, 1500);
  BOOST_TEST(memory.reason ==
             "needs 1500 MB on one NUMA node with 2 free cores, largest free is 1000 MB");
  auto ok = CheckFit(*view.Find("e1"), 2, 1000);
  BOOST_TEST(ok.nodes == std::vector<drove::scheduler::NumaNodeId>({0, 1}));
}

BOOST_AUTO_TEST_CASE(only_active_executors_take_work) {
  ClusterView view;
  auto info = SimpleExecutor("e1", 4, 1000);
  info.state = ExecutorState::kBlacklisted;
  view.UpsertExecutor(info);
  auto request = Request("app", 1, 10);
  auto result = CheckExecutor(*view.Find("e1"), request, EffectivePolicy(request.policy), nullptr);
  BOOST_TEST(!result.feasible);
  BOOST_TEST(result.reason == "executor is BLACKLISTED");
}

BOOST_AUTO_TEST_SUITE_END()
