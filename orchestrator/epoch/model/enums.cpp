// Wire spellings of Epoch's enums, one table per enum.
#include "orchestrator/epoch/model/enums.h"

#include <array>
#include <utility>

#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {
namespace {

template <typename E, size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<TopologyState, 2> kTopologyStates{
    {{TopologyState::kActive, "ACTIVE"}, {TopologyState::kPaused, "PAUSED"}}};
constexpr Table<RunState, 5> kRunStates{{{RunState::kRunning, "RUNNING"},
                                         {RunState::kCompleted, "COMPLETED"},
                                         {RunState::kSuccessful, "SUCCESSFUL"},
                                         {RunState::kSkipped, "SKIPPED"},
                                         {RunState::kFailed, "FAILED"}}};
constexpr Table<RunType, 2> kRunTypes{
    {{RunType::kScheduled, "SCHEDULED"}, {RunType::kInstant, "INSTANT"}}};
constexpr Table<TaskRunState, 7> kTaskRunStates{{{TaskRunState::kPending, "PENDING"},
                                                 {TaskRunState::kStarting, "STARTING"},
                                                 {TaskRunState::kUnknown, "UNKNOWN"},
                                                 {TaskRunState::kRunning, "RUNNING"},
                                                 {TaskRunState::kCompleted, "COMPLETED"},
                                                 {TaskRunState::kCancelled, "CANCELLED"},
                                                 {TaskRunState::kFailed, "FAILED"}}};
constexpr Table<TaskType, 2> kTaskTypes{
    {{TaskType::kContainerExecution, "CONTAINER_EXECUTION"}, {TaskType::kComposite, "COMPOSITE"}}};
constexpr Table<CompositionType, 2> kCompositionTypes{
    {{CompositionType::kAll, "ALL"}, {CompositionType::kAny, "ANY"}}};
constexpr Table<TriggerType, 2> kTriggerTypes{
    {{TriggerType::kCron, "CRON"}, {TriggerType::kAt, "AT"}}};
constexpr Table<NotifyType, 2> kNotifyTypes{
    {{NotifyType::kMail, "MAIL"}, {NotifyType::kBlackhole, "BLACKHOLE"}}};

template <typename E, size_t N>
std::string_view NameIn(const Table<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "UNKNOWN";
}

template <typename E, size_t N>
std::optional<E> ParseIn(const Table<E, N>& table, std::string_view text, bool any_case) {
  const std::string wanted = any_case ? UpperAscii(text) : std::string(text);
  for (const auto& [e, name] : table) {
    if (name == wanted) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(TopologyState v) { return NameIn(kTopologyStates, v); }
std::string_view Name(RunState v) { return NameIn(kRunStates, v); }
std::string_view Name(RunType v) { return NameIn(kRunTypes, v); }
std::string_view Name(TaskRunState v) { return NameIn(kTaskRunStates, v); }
std::string_view Name(TaskType v) { return NameIn(kTaskTypes, v); }
std::string_view Name(CompositionType v) { return NameIn(kCompositionTypes, v); }
std::string_view Name(TriggerType v) { return NameIn(kTriggerTypes, v); }
std::string_view Name(NotifyType v) { return NameIn(kNotifyTypes, v); }

std::optional<TopologyState> ParseTopologyState(std::string_view t) {
  return ParseIn(kTopologyStates, t, true);
}
std::optional<RunState> ParseRunState(std::string_view t) { return ParseIn(kRunStates, t, true); }
std::optional<RunType> ParseRunType(std::string_view t) { return ParseIn(kRunTypes, t, true); }
std::optional<TaskRunState> ParseTaskRunState(std::string_view t) {
  return ParseIn(kTaskRunStates, t, true);
}
std::optional<CompositionType> ParseCompositionType(std::string_view t) {
  return ParseIn(kCompositionTypes, t, true);
}
std::optional<TaskType> ParseTaskType(std::string_view t) { return ParseIn(kTaskTypes, t, false); }
std::optional<TriggerType> ParseTriggerType(std::string_view t) {
  return ParseIn(kTriggerTypes, t, false);
}
std::optional<NotifyType> ParseNotifyType(std::string_view t) {
  return ParseIn(kNotifyTypes, t, false);
}

bool IsTerminal(TaskRunState state) {
  return state == TaskRunState::kCompleted || state == TaskRunState::kFailed ||
         state == TaskRunState::kCancelled;
}

}  // namespace drove::epoch
