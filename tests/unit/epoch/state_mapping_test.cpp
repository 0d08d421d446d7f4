// Drove -> Epoch task states, composite ALL/ANY progress, final run states and messages.
#include "orchestrator/epoch/execution/state_mapping.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/epoch/print_enums.h"

namespace drove::epoch {
namespace {

TaskRunState Map(std::string state, std::optional<std::string> result = std::nullopt) {
  return MapDroveTaskState(DroveTaskStatus{std::move(state), std::move(result), std::nullopt, ""});
}

EpochTask Container(const std::string& name) {
  EpochTask task;
  task.task_name = name;
  return task;
}

EpochTask Composite(CompositionType type, std::vector<EpochTask> children) {
  EpochTask task;
  task.type = TaskType::kComposite;
  task.composition = type;
  task.tasks = std::move(children);
  return task;
}

std::map<std::string, TaskRunInfo> States(
    std::initializer_list<std::pair<std::string, TaskRunState>> states) {
  std::map<std::string, TaskRunInfo> out;
  for (const auto& [name, state] : states) out[name] = TaskRunInfo{name, state, "", std::nullopt};
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_mapping)

BOOST_AUTO_TEST_CASE(drove_states_map_as_epoch_maps_them) {
  BOOST_TEST(Map("PENDING") == TaskRunState::kStarting);
  BOOST_TEST(Map("PROVISIONING") == TaskRunState::kStarting);
  BOOST_TEST(Map("STARTING") == TaskRunState::kStarting);
  BOOST_TEST(Map("RUNNING") == TaskRunState::kRunning);
  BOOST_TEST(Map("RUN_COMPLETED") == TaskRunState::kRunning);
  BOOST_TEST(Map("DEPROVISIONING") == TaskRunState::kRunning);
  BOOST_TEST(Map("PROVISIONING_FAILED") == TaskRunState::kFailed);
  BOOST_TEST(Map("LOST") == TaskRunState::kFailed);
  BOOST_TEST(Map("UNKNOWN") == TaskRunState::kUnknown);
  BOOST_TEST(Map("SOMETHING_NEW") == TaskRunState::kUnknown);
}

BOOST_AUTO_TEST_CASE(stopped_tasks_map_by_their_result) {
  BOOST_TEST(Map("STOPPED", "SUCCESSFUL") == TaskRunState::kCompleted);
  BOOST_TEST(Map("STOPPED", "CANCELLED") == TaskRunState::kCancelled);
  BOOST_TEST(Map("STOPPED", "FAILED") == TaskRunState::kFailed);
  BOOST_TEST(Map("STOPPED", "TIMED_OUT") == TaskRunState::kFailed);
  BOOST_TEST(Map("STOPPED", "LOST") == TaskRunState::kFailed);
  BOOST_TEST(Map("STOPPED") == TaskRunState::kCompleted);
}

BOOST_AUTO_TEST_CASE(a_single_task_is_followed_until_terminal) {
  const EpochTask task = Container("t");
  auto p = EvaluateTree(task, States({{"t", TaskRunState::kRunning}}));
  BOOST_TEST((p.kind == TreeProgress::Kind::kNeedsTask));
  BOOST_TEST(p.task == &task);
  BOOST_TEST((EvaluateTree(task, States({{"t", TaskRunState::kCompleted}})).kind ==
              TreeProgress::Kind::kSucceeded));
  BOOST_TEST((EvaluateTree(task, States({{"t", TaskRunState::kCancelled}})).kind ==
              TreeProgress::Kind::kFailed));
}

BOOST_AUTO_TEST_CASE(composite_all_runs_children_in_order_and_stops_at_the_first_failure) {
  const EpochTask all =
      Composite(CompositionType::kAll, {Container("a"), Container("b"), Container("c")});
  auto first = EvaluateTree(all, States({}));
  BOOST_TEST(*first.task->task_name == "a");
  auto second = EvaluateTree(all, States({{"a", TaskRunState::kCompleted}}));
  BOOST_TEST(*second.task->task_name == "b");
  auto failed =
      EvaluateTree(all, States({{"a", TaskRunState::kCompleted}, {"b", TaskRunState::kFailed}}));
  BOOST_TEST((failed.kind == TreeProgress::Kind::kFailed));  // c never starts
  auto done = EvaluateTree(all, States({{"a", TaskRunState::kCompleted},
                                        {"b", TaskRunState::kCompleted},
                                        {"c", TaskRunState::kCompleted}}));
  BOOST_TEST((done.kind == TreeProgress::Kind::kSucceeded));
}

BOOST_AUTO_TEST_CASE(composite_any_stops_at_the_first_completed_child) {
  const EpochTask any = Composite(CompositionType::kAny, {Container("a"), Container("b")});
  auto next = EvaluateTree(any, States({{"a", TaskRunState::kFailed}}));
  BOOST_TEST(*next.task->task_name == "b");
  auto done = EvaluateTree(any, States({{"a", TaskRunState::kCompleted}}));
  BOOST_TEST((done.kind == TreeProgress::Kind::kSucceeded));
  auto none =
      EvaluateTree(any, States({{"a", TaskRunState::kFailed}, {"b", TaskRunState::kCancelled}}));
  BOOST_TEST((none.kind == TreeProgress::Kind::kFailed));
  BOOST_TEST(none.no_composite_success);
}

BOOST_AUTO_TEST_CASE(composites_nest) {
  // ANY of (ALL of a, b) and c: a failing a skips b and tries c.
  const EpochTask tree = Composite(
      CompositionType::kAny,
      {Composite(CompositionType::kAll, {Container("a"), Container("b")}), Container("c")});
  auto next = EvaluateTree(tree, States({{"a", TaskRunState::kFailed}}));
  BOOST_TEST_REQUIRE((next.kind == TreeProgress::Kind::kNeedsTask));
  BOOST_TEST(*next.task->task_name == "c");
  auto done = EvaluateTree(
      tree, States({{"a", TaskRunState::kCompleted}, {"b", TaskRunState::kCompleted}}));
  BOOST_TEST((done.kind == TreeProgress::Kind::kSucceeded));
}

BOOST_AUTO_TEST_CASE(final_states_follow_run_type_and_trigger) {
  BOOST_TEST(
      (FinalRunState(true, RunType::kScheduled, TriggerType::kCron) == RunState::kSuccessful));
  BOOST_TEST((FinalRunState(true, RunType::kScheduled, TriggerType::kAt) == RunState::kCompleted));
  BOOST_TEST((FinalRunState(true, RunType::kInstant, TriggerType::kCron) == RunState::kCompleted));
  BOOST_TEST((FinalRunState(false, RunType::kInstant, TriggerType::kCron) == RunState::kFailed));
  BOOST_TEST(FinalMessage(RunState::kSuccessful) == "Task successful");
  BOOST_TEST(FinalMessage(RunState::kCompleted) == "Task completed");
  BOOST_TEST(FinalMessage(RunState::kFailed) == "Task failed");
  BOOST_TEST(FinalMessage(RunState::kSkipped) == "Task skipped");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch
