// Unit tests of the local service allowed-operations table, its refusal texts and the state flow.
#include "orchestrator/core/model/local_service_states.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {
namespace {

using Op = LocalServiceOperationType;
using State = LocalServiceState;

std::vector<std::string> Names(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (Op op : ops) out.emplace_back(ToString(op));
  return out;
}

BOOST_AUTO_TEST_SUITE(local_service_states)

BOOST_AUTO_TEST_CASE(inactive_accepts_activate_test_adjust_destroy_and_count_update) {
  BOOST_TEST(Names(AllowedLocalServiceOperations(State::kInactive)) ==
                 (std::vector<std::string>{"ACTIVATE", "ADJUST_INSTANCES", "DEPLOY_TEST_INSTANCE",
                                           "DESTROY", "UPDATE_INSTANCE_COUNT"}),
             boost::test_tools::per_element());
  BOOST_TEST(LocalServiceOperationAllowed(State::kInactive, Op::kDestroy));
  BOOST_TEST(!LocalServiceOperationAllowed(State::kInactive, Op::kDeactivate));
  BOOST_TEST(!LocalServiceOperationAllowed(State::kInactive, Op::kRestart));
}

BOOST_AUTO_TEST_CASE(config_testing_accepts_activation_and_instance_work_but_not_destroy) {
  BOOST_TEST(Names(AllowedLocalServiceOperations(State::kConfigTesting)) ==
                 (std::vector<std::string>{"ACTIVATE", "ADJUST_INSTANCES", "DEACTIVATE",
                                           "REPLACE_INSTANCES", "RESTART", "STOP_INSTANCES"}),
             boost::test_tools::per_element());
  BOOST_TEST(!LocalServiceOperationAllowed(State::kConfigTesting, Op::kDestroy));
  BOOST_TEST(!LocalServiceOperationAllowed(State::kConfigTesting, Op::kUpdateInstanceCount));
}

BOOST_AUTO_TEST_CASE(active_accepts_deactivate_count_update_and_instance_work) {
  BOOST_TEST(Names(AllowedLocalServiceOperations(State::kActive)) ==
                 (std::vector<std::string>{"ADJUST_INSTANCES", "DEACTIVATE", "REPLACE_INSTANCES",
                                           "RESTART", "STOP_INSTANCES", "UPDATE_INSTANCE_COUNT"}),
             boost::test_tools::per_element());
  BOOST_TEST(!LocalServiceOperationAllowed(State::kActive, Op::kActivate));
  BOOST_TEST(!LocalServiceOperationAllowed(State::kActive, Op::kDestroy));
  BOOST_TEST(!LocalServiceOperationAllowed(State::kActive, Op::kDeployTestInstance));
}

BOOST_AUTO_TEST_CASE(emergency_deactivation_accepts_only_deactivate) {
  BOOST_TEST(LocalServiceOperationAllowed(State::kEmergencyDeactivationRequested, Op::kDeactivate));
  BOOST_TEST(AllowedLocalServiceOperations(State::kEmergencyDeactivationRequested).size() == 1u);
}

BOOST_AUTO_TEST_CASE(transient_and_terminal_states_accept_nothing) {
  for (State state :
       {State::kInit, State::kActivationRequested, State::kConfigTestingRequested,
        State::kDeactivationRequested, State::kAdjustingInstances, State::kDeployingTestInstance,
        State::kReplacingInstances, State::kStoppingInstances, State::kUpdatingInstancesCount,
        State::kDestroyRequested, State::kDestroyed}) {
    BOOST_TEST(AllowedLocalServiceOperations(state).empty(), ToString(state));
  }
}

BOOST_AUTO_TEST_CASE(create_is_in_no_row) {
  for (size_t i = 0; i < EnumInfo<State>::kNames.size(); ++i) {
    BOOST_TEST(!LocalServiceOperationAllowed(static_cast<State>(i), Op::kCreate));
  }
}

BOOST_AUTO_TEST_CASE(refusals_use_drove_wording_with_names_sorted) {
  BOOST_TEST(!LocalServiceOperationRefusal("S-1", State::kActive, Op::kRestart).has_value());
  BOOST_TEST(LocalServiceOperationRefusal("S-1", State::kActive, Op::kDestroy).value() ==
             "Only [ADJUST_INSTANCES, DEACTIVATE, REPLACE_INSTANCES, RESTART, STOP_INSTANCES, "
             "UPDATE_INSTANCE_COUNT] allowed for local service S-1 as it is in ACTIVE state");
  BOOST_TEST(
      LocalServiceOperationRefusal("S-1", State::kEmergencyDeactivationRequested, Op::kActivate)
          .value() ==
      "Only [DEACTIVATE] allowed for local service S-1 as it is in "
      "EMERGENCY_DEACTIVATION_REQUESTED state");
  BOOST_TEST(
      LocalServiceOperationRefusal("S-1", State::kReplacingInstances, Op::kActivate).value() ==
      "No operations allowed for S-1 as it is in REPLACING_INSTANCES state");
}

BOOST_AUTO_TEST_CASE(each_operation_enters_its_transient_state) {
  BOOST_TEST((TransientStateFor(Op::kCreate) == State::kInit));
  BOOST_TEST((TransientStateFor(Op::kActivate) == State::kActivationRequested));
  BOOST_TEST((TransientStateFor(Op::kDeployTestInstance) == State::kConfigTestingRequested));
  BOOST_TEST((TransientStateFor(Op::kDeactivate) == State::kDeactivationRequested));
  BOOST_TEST((TransientStateFor(Op::kAdjustInstances) == State::kAdjustingInstances));
  BOOST_TEST((TransientStateFor(Op::kReplaceInstances) == State::kReplacingInstances));
  BOOST_TEST((TransientStateFor(Op::kRestart) == State::kReplacingInstances));
  BOOST_TEST((TransientStateFor(Op::kStopInstances) == State::kStoppingInstances));
  BOOST_TEST((TransientStateFor(Op::kUpdateInstanceCount) == State::kUpdatingInstancesCount));
  BOOST_TEST((TransientStateFor(Op::kDestroy) == State::kDestroyRequested));
}

BOOST_AUTO_TEST_CASE(operations_settle_by_activation_state) {
  BOOST_TEST((StateAfter(Op::kCreate, ActivationState::kActive) == State::kInactive));
  BOOST_TEST((StateAfter(Op::kActivate, ActivationState::kInactive) == State::kActive));
  BOOST_TEST(
      (StateAfter(Op::kDeployTestInstance, ActivationState::kInactive) == State::kConfigTesting));
  BOOST_TEST((StateAfter(Op::kDeactivate, ActivationState::kActive) == State::kInactive));
  BOOST_TEST((StateAfter(Op::kDestroy, ActivationState::kInactive) == State::kDestroyed));
  for (Op op : {Op::kAdjustInstances, Op::kRestart, Op::kReplaceInstances, Op::kStopInstances,
                Op::kUpdateInstanceCount}) {
    BOOST_TEST((StateAfter(op, ActivationState::kConfigTesting) == State::kConfigTesting));
    BOOST_TEST((StateAfter(op, ActivationState::kActive) == State::kActive));
    BOOST_TEST((StateAfter(op, ActivationState::kInactive) == State::kInactive));
  }
}

BOOST_AUTO_TEST_CASE(settled_states_are_resource_using_only_when_active_or_testing) {
  BOOST_TEST(IsResourceUsing(SettledState(ActivationState::kActive)));
  BOOST_TEST(IsResourceUsing(SettledState(ActivationState::kConfigTesting)));
  BOOST_TEST(!IsResourceUsing(SettledState(ActivationState::kInactive)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core
