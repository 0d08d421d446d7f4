// The controller <-> executor messages (docs/internals.md): one struct per message with its JSON
// mapping, the `type` spellings of each direction and parsers whose errors name the field.
// Both sides POST these to each other's /apis/v1/messages.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/executor_info.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/task_info.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

// Controller -> executor.
enum class ControllerMessageType { kStartInstance, kStopInstance, kStartTask, kStopTask };
// Executor -> controller.
enum class ExecutorMessageType { kExecutorSnapshot, kInstanceState, kTaskState };

template <>
struct EnumInfo<ControllerMessageType> {
  static constexpr std::string_view kTypeName = "ControllerMessageType";
  static constexpr std::array kNames = std::to_array<std::string_view>(
      {"START_INSTANCE", "STOP_INSTANCE", "START_TASK", "STOP_TASK"});
};
template <>
struct EnumInfo<ExecutorMessageType> {
  static constexpr std::string_view kTypeName = "ExecutorMessageType";
  static constexpr std::array kNames =
      std::to_array<std::string_view>({"EXECUTOR_SNAPSHOT", "INSTANCE_STATE", "TASK_STATE"});
};

// ---- controller -> executor: 200 means accepted; the work then happens asynchronously ----

// START_INSTANCE {instance, spec, executorState[, instanceAuthToken]}.
struct StartInstanceMessage {
  InstanceInfo instance;  // required, with `instanceId`; state PENDING, resources allocated
  ApplicationSpec spec;   // required, unmasked
  // The executor's state as the controller knew it when the start left: the controller owns
  // blacklisting, so an executor takes a start only when stamped ACTIVE. Absent reads as ACTIVE.
  ExecutorState executor_state = ExecutorState::kActive;  // `executorState`
  std::string instance_auth_token;                        // `instanceAuthToken`, omitted when empty
  bool operator==(const StartInstanceMessage&) const = default;
};

// STOP_INSTANCE {appId, instanceId}.
struct StopInstanceMessage {
  std::string app_id;       // `appId`
  std::string instance_id;  // `instanceId`, required
  bool operator==(const StopInstanceMessage&) const = default;
};

// START_TASK {task, spec, executorState}.
struct StartTaskMessage {
  TaskInfo task;  // required, with `instanceId`; state PENDING
  TaskSpec spec;  // required
  ExecutorState executor_state = ExecutorState::kActive;  // as in StartInstanceMessage
  bool operator==(const StartTaskMessage&) const = default;
};

// STOP_TASK {sourceAppName, taskId, instanceId}: the task is found by either id.
struct StopTaskMessage {
  std::string source_app_name;  // `sourceAppName`
  std::string task_id;          // `taskId`; this or `instanceId` is required
  std::string instance_id;      // `instanceId`
  bool operator==(const StopTaskMessage&) const = default;
};

// ---- executor -> controller ----

// The `executor` object of an EXECUTOR_SNAPSHOT: the executor's address and what it offers.
struct SnapshotExecutor {
  std::string executor_id;  // `executorId`, required
  std::string hostname;
  int32_t port = 0;
  NodeTransportType transport_type = NodeTransportType::kHttp;  // `transportType`
  PhysicalLayout layout;  // virtual layout (after over-provisioning)
  std::vector<std::string> tags;
  std::map<std::string, std::string> metadata;
  bool operator==(const SnapshotExecutor&) const = default;
};

// EXECUTOR_SNAPSHOT {executor, instances, tasks}: at start, then every snapshot interval.
// Entries are read for shape only: the controller refuses an entry without ids on its own, so
// one bad entry does not cost the executor its whole snapshot.
struct ExecutorSnapshotMessage {
  SnapshotExecutor executor;
  std::vector<InstanceInfo> instances;
  std::vector<TaskInfo> tasks;
  bool operator==(const ExecutorSnapshotMessage&) const = default;
};

// INSTANCE_STATE {instance}: on every state transition.
struct InstanceStateMessage {
  InstanceInfo instance;  // required, with `appId` and `instanceId`
  bool operator==(const InstanceStateMessage&) const = default;
};

// TASK_STATE {task}: on every state transition.
struct TaskStateMessage {
  TaskInfo task;  // required, with `taskId` and `instanceId`
  bool operator==(const TaskStateMessage&) const = default;
};

// JSON mapping. to_json writes `type`; ReadJson requires it to be the message's own.
void to_json(nlohmann::json& j, const StartInstanceMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, StartInstanceMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, StartInstanceMessage* out);
void to_json(nlohmann::json& j, const StopInstanceMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, StopInstanceMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, StopInstanceMessage* out);
void to_json(nlohmann::json& j, const StartTaskMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, StartTaskMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, StartTaskMessage* out);
void to_json(nlohmann::json& j, const StopTaskMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, StopTaskMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, StopTaskMessage* out);
void to_json(nlohmann::json& j, const SnapshotExecutor& v);    // NOLINT
void from_json(const nlohmann::json& j, SnapshotExecutor& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, SnapshotExecutor* out);
void to_json(nlohmann::json& j, const ExecutorSnapshotMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, ExecutorSnapshotMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorSnapshotMessage* out);
void to_json(nlohmann::json& j, const InstanceStateMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, InstanceStateMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, InstanceStateMessage* out);
void to_json(nlohmann::json& j, const TaskStateMessage& v);    // NOLINT
void from_json(const nlohmann::json& j, TaskStateMessage& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, TaskStateMessage* out);

// The `type` of a received message, so the receiver knows which parser to call. Errors as
// `type: unknown type "X" (known: ...)`. Never throw.
Result<ControllerMessageType> ParseControllerMessageType(const nlohmann::json& message);
Result<ExecutorMessageType> ParseExecutorMessageType(const nlohmann::json& message);

// One message, with errors naming the field and the rule (`instance.instanceId: missing`).
// Never throw.
Result<StartInstanceMessage> ParseStartInstanceMessage(const nlohmann::json& message);
Result<StopInstanceMessage> ParseStopInstanceMessage(const nlohmann::json& message);
Result<StartTaskMessage> ParseStartTaskMessage(const nlohmann::json& message);
Result<StopTaskMessage> ParseStopTaskMessage(const nlohmann::json& message);
Result<ExecutorSnapshotMessage> ParseExecutorSnapshotMessage(const nlohmann::json& message);
Result<InstanceStateMessage> ParseInstanceStateMessage(const nlohmann::json& message);
Result<TaskStateMessage> ParseTaskStateMessage(const nlohmann::json& message);

}  // namespace drove::core
