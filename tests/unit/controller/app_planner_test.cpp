// The replace rule's bound: whatever order stops and starts land in, a start-first replace never
// has more than required + parallelism containers at once (a stop only counts as done when the
// instance is gone, since a leader may die between sending a stop and a start).
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/engine/app_planner.h"

namespace drove::controller {
namespace {

using core::InstanceState;

InstanceView Instance(const std::string& id, InstanceState state) {
  InstanceView i;
  i.instance_id = id;
  i.executor_id = "e";
  i.state = state;
  return i;
}

PlanInput ReplaceInput(int required, int parallelism, int listed) {
  PlanInput in;
  in.app.app_id = "web-1";
  in.app.instances = required;
  OperationRecord op;
  op.app_id = "web-1";
  op.kind = OpKind::kReplaceInstances;
  op.parallelism = parallelism;
  for (int k = 0; k < required; ++k) {
    std::string id = "old-" + std::to_string(k);
    in.active.push_back(Instance(id, InstanceState::kHealthy));
    if (k < listed) op.instance_ids.push_back(id);
  }
  in.op = op;
  return in;
}

struct Replay {
  int rounds = 0;
  int max_alive = 0;  // most containers alive at once (a stop requested is still running)
  std::vector<InstanceView> left;
};

// Runs the plan to its end. Each round the planned stops are sent and the planned starts placed;
// the round after, stopped instances are gone and started ones HEALTHY.
Replay RunToEnd(PlanInput in) {
  Replay r;
  r.max_alive = static_cast<int>(in.active.size());
  int next_id = 0;
  for (; r.rounds < 100; ++r.rounds) {
    Plan plan = PlanApp(in);
    if (plan.finish) break;
    std::vector<InstanceView> after;
    for (auto& i : in.active) {
      if (i.stop_requested) continue;  // gone since the last round
      if (i.state == InstanceState::kPending) i.state = InstanceState::kHealthy;
      for (const auto& id : plan.stop) i.stop_requested |= i.instance_id == id;
      after.push_back(i);
    }
    for (int k = 0; k < plan.start; ++k) {
      after.push_back(Instance("new-" + std::to_string(next_id++), InstanceState::kPending));
    }
    r.max_alive = std::max(r.max_alive, static_cast<int>(after.size()));
    in.active = after;
  }
  r.left = in.active;
  return r;
}

BOOST_AUTO_TEST_SUITE(app_planner)

BOOST_AUTO_TEST_CASE(start_first_replace_runs_at_most_required_plus_parallelism) {
  for (int parallelism : {1, 2}) {
    Replay r = RunToEnd(ReplaceInput(4, parallelism, 3));
    BOOST_TEST_CONTEXT("parallelism " << parallelism) {
      BOOST_CHECK_LT(r.rounds, 100);
      BOOST_CHECK_EQUAL(r.max_alive, 4 + parallelism);
    }
  }
}

BOOST_AUTO_TEST_CASE(start_first_replace_ends_with_the_listed_gone_and_required_serving) {
  Replay r = RunToEnd(ReplaceInput(3, 1, 3));
  BOOST_CHECK_LT(r.rounds, 100);
  BOOST_CHECK_EQUAL(r.left.size(), 3u);
  for (const auto& i : r.left) BOOST_CHECK_EQUAL(i.instance_id.rfind("new-", 0), 0u);
}

BOOST_AUTO_TEST_CASE(a_stop_planned_now_holds_back_the_next_start) {
  PlanInput in = ReplaceInput(4, 1, 3);
  in.active.push_back(Instance("new-0", InstanceState::kHealthy));  // first replacement up
  Plan plan = PlanApp(in);
  BOOST_CHECK_EQUAL(plan.stop.size(), 1u);
  BOOST_CHECK_EQUAL(plan.start, 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller
