// Epoch's enums with their exact wire spellings (epoch-api.md section 2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drove::epoch {

// DELETED exists in Epoch but is never stored or returned: delete is physical.
enum class TopologyState { kActive, kPaused };
enum class RunState { kRunning, kCompleted, kSuccessful, kSkipped, kFailed };
enum class RunType { kScheduled, kInstant };
enum class TaskRunState {
  kPending,
  kStarting,
  kUnknown,
  kRunning,
  kCompleted,
  kCancelled,
  kFailed
};
enum class TaskType { kContainerExecution, kComposite };
enum class CompositionType { kAll, kAny };
enum class TriggerType { kCron, kAt };
enum class NotifyType { kMail, kBlackhole };

std::string_view Name(TopologyState v);
std::string_view Name(RunState v);
std::string_view Name(RunType v);
std::string_view Name(TaskRunState v);
std::string_view Name(TaskType v);
std::string_view Name(CompositionType v);
std::string_view Name(TriggerType v);
std::string_view Name(NotifyType v);

// Enum values are case-insensitive on input ("active" is ACTIVE), as Epoch's mapper reads them.
// Polymorphic type ids (TaskType, TriggerType, NotifyType) are not: use ParseTypeId for those.
std::optional<TopologyState> ParseTopologyState(std::string_view text);
std::optional<RunState> ParseRunState(std::string_view text);
std::optional<RunType> ParseRunType(std::string_view text);
std::optional<TaskRunState> ParseTaskRunState(std::string_view text);
std::optional<CompositionType> ParseCompositionType(std::string_view text);

// Exact-case type ids.
std::optional<TaskType> ParseTaskType(std::string_view text);
std::optional<TriggerType> ParseTriggerType(std::string_view text);
std::optional<NotifyType> ParseNotifyType(std::string_view text);

// COMPLETED, FAILED, CANCELLED.
bool IsTerminal(TaskRunState state);

}  // namespace drove::epoch
