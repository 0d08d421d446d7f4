// Drove's allowed-operations table for local services and the state flow of each operation.
#include "orchestrator/core/model/local_service_states.h"

#include <algorithm>
#include <span>

namespace drove::core {
namespace {

using Op = LocalServiceOperationType;
using State = LocalServiceState;

// Drove's LocalServiceCommandValidator.VALID_OPS_TABLE.
constexpr Op kInactiveOps[] = {Op::kActivate, Op::kDeployTestInstance, Op::kAdjustInstances,
                               Op::kDestroy, Op::kUpdateInstanceCount};
constexpr Op kConfigTestingOps[] = {Op::kActivate,         Op::kDeactivate, Op::kAdjustInstances,
                                    Op::kReplaceInstances, Op::kRestart,    Op::kStopInstances};
constexpr Op kActiveOps[] = {Op::kDeactivate,      Op::kUpdateInstanceCount,
                             Op::kAdjustInstances, Op::kReplaceInstances,
                             Op::kRestart,         Op::kStopInstances};
constexpr Op kEmergencyDeactivationOps[] = {Op::kDeactivate};

struct AllowedRow {
  State state;
  std::span<const Op> ops;
};

constexpr AllowedRow kAllowedOps[] = {
    {State::kInactive, kInactiveOps},
    {State::kConfigTesting, kConfigTestingOps},
    {State::kActive, kActiveOps},
    {State::kEmergencyDeactivationRequested, kEmergencyDeactivationOps},
};

std::span<const Op> RowFor(State state) {
  for (const AllowedRow& row : kAllowedOps) {
    if (row.state == state) return row.ops;
  }
  return {};
}

}  // namespace

bool LocalServiceOperationAllowed(LocalServiceState state, LocalServiceOperationType type) {
  std::span<const Op> ops = RowFor(state);
  return std::find(ops.begin(), ops.end(), type) != ops.end();
}

std::vector<LocalServiceOperationType> AllowedLocalServiceOperations(LocalServiceState state) {
  std::span<const Op> row = RowFor(state);
  std::vector<Op> ops(row.begin(), row.end());
  std::sort(ops.begin(), ops.end(), [](Op a, Op b) { return ToString(a) < ToString(b); });
  return ops;
}

std::optional<std::string> LocalServiceOperationRefusal(const std::string& service_id,
                                                        LocalServiceState state,
                                                        LocalServiceOperationType type) {
  if (LocalServiceOperationAllowed(state, type)) return std::nullopt;
  std::string state_name(ToString(state));
  std::vector<Op> allowed = AllowedLocalServiceOperations(state);
  if (allowed.empty()) {
    return "No operations allowed for " + service_id + " as it is in " + state_name + " state";
  }
  std::string list;
  for (Op op : allowed) list += (list.empty() ? "" : ", ") + std::string(ToString(op));
  return "Only [" + list + "] allowed for local service " + service_id + " as it is in " +
         state_name + " state";
}

LocalServiceState TransientStateFor(LocalServiceOperationType type) {
  switch (type) {
    case Op::kCreate:
      return State::kInit;
    case Op::kActivate:
      return State::kActivationRequested;
    case Op::kDeployTestInstance:
      return State::kConfigTestingRequested;
    case Op::kDeactivate:
      return State::kDeactivationRequested;
    case Op::kAdjustInstances:
      return State::kAdjustingInstances;
    case Op::kRestart:
    case Op::kReplaceInstances:
      return State::kReplacingInstances;
    case Op::kStopInstances:
      return State::kStoppingInstances;
    case Op::kUpdateInstanceCount:
      return State::kUpdatingInstancesCount;
    case Op::kDestroy:
      return State::kDestroyRequested;
  }
  return State::kInit;
}

std::optional<ActivationState> ActivationAfter(LocalServiceOperationType type) {
  switch (type) {
    case Op::kCreate:
    case Op::kDeactivate:
      return ActivationState::kInactive;
    case Op::kActivate:
      return ActivationState::kActive;
    case Op::kDeployTestInstance:
      return ActivationState::kConfigTesting;
    case Op::kAdjustInstances:
    case Op::kRestart:
    case Op::kReplaceInstances:
    case Op::kStopInstances:
    case Op::kUpdateInstanceCount:
    case Op::kDestroy:
      return std::nullopt;
  }
  return std::nullopt;
}

LocalServiceState SettledState(ActivationState activation) {
  switch (activation) {
    case ActivationState::kActive:
      return State::kActive;
    case ActivationState::kConfigTesting:
      return State::kConfigTesting;
    case ActivationState::kInactive:
      return State::kInactive;
  }
  return State::kInactive;
}

LocalServiceState StateAfter(LocalServiceOperationType type, ActivationState current) {
  if (type == Op::kDestroy) return State::kDestroyed;
  return SettledState(ActivationAfter(type).value_or(current));
}

}  // namespace drove::core
