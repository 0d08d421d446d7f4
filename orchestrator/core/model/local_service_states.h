// Local service state rules (drove-api.md 2.4, 5): which operations each LocalServiceState accepts,
// Drove's refusal text, and the states an accepted operation leads through.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/model/enums.h"

namespace drove::core {

// Drove's table (states not listed accept nothing; CREATE is in no row: it is checked against
// existence, not state):
//   INACTIVE: ACTIVATE, DEPLOY_TEST_INSTANCE, ADJUST_INSTANCES, DESTROY, UPDATE_INSTANCE_COUNT
//   CONFIG_TESTING: ACTIVATE, DEACTIVATE, ADJUST_INSTANCES, REPLACE_INSTANCES, RESTART,
//                   STOP_INSTANCES
//   ACTIVE: DEACTIVATE, UPDATE_INSTANCE_COUNT, ADJUST_INSTANCES, REPLACE_INSTANCES, RESTART,
//           STOP_INSTANCES
//   EMERGENCY_DEACTIVATION_REQUESTED: DEACTIVATE
bool LocalServiceOperationAllowed(LocalServiceState state, LocalServiceOperationType type);

// The row for `state`, sorted by wire name as Drove lists it in its refusal message.
std::vector<LocalServiceOperationType> AllowedLocalServiceOperations(LocalServiceState state);

// nullopt if allowed, else Drove's text:
//   `No operations allowed for <id> as it is in <STATE> state`
//   `Only [A, B] allowed for local service <id> as it is in <STATE> state`
std::optional<std::string> LocalServiceOperationRefusal(const std::string& service_id,
                                                        LocalServiceState state,
                                                        LocalServiceOperationType type);

// The state an accepted operation moves the service into while it runs:
//   CREATE -> INIT, ACTIVATE -> ACTIVATION_REQUESTED,
//   DEPLOY_TEST_INSTANCE -> CONFIG_TESTING_REQUESTED, DEACTIVATE -> DEACTIVATION_REQUESTED,
//   ADJUST_INSTANCES -> ADJUSTING_INSTANCES, REPLACE_INSTANCES and RESTART -> REPLACING_INSTANCES,
//   STOP_INSTANCES -> STOPPING_INSTANCES, UPDATE_INSTANCE_COUNT -> UPDATING_INSTANCES_COUNT,
//   DESTROY -> DESTROY_REQUESTED.
// (DEPLOYING_TEST_INSTANCE is declared by Drove but never entered; EMERGENCY_DEACTIVATION_REQUESTED
// is entered by the controller itself, which then issues DEACTIVATE.)
LocalServiceState TransientStateFor(LocalServiceOperationType type);

// The activation state an operation sets once it succeeds (CREATE and DEACTIVATE: INACTIVE,
// ACTIVATE: ACTIVE, DEPLOY_TEST_INSTANCE: CONFIG_TESTING); nullopt for those that keep it.
std::optional<ActivationState> ActivationAfter(LocalServiceOperationType type);

// The stable state matching an activation state (same names): where a transient state returns.
LocalServiceState SettledState(ActivationState activation);

// The stable state after `type` succeeds on a service whose activation state was `current`:
// DESTROYED for DESTROY, else SettledState of the activation the operation leaves.
LocalServiceState StateAfter(LocalServiceOperationType type, ActivationState current);

}  // namespace drove::core
