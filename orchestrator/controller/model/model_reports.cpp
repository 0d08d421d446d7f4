// ModelState: executor snapshots and state reports, orphan detection, lost instances and executors.
#include <algorithm>
#include <set>

#include "orchestrator/controller/model/cluster_texts.h"
#include "orchestrator/controller/model/event_builders.h"
#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

using texts::kInstanceLost;

ExecutorRecord ExecutorFromSnapshot(const core::SnapshotExecutor& executor, int64_t now) {
  ExecutorRecord record;
  record.executor_id = executor.executor_id;
  record.hostname = executor.hostname;
  record.port = executor.port;
  record.transport_type = std::string(core::ToString(executor.transport_type));
  record.tags = executor.tags;
  // Drove reports the hostname among an executor's tags (MATCH_TAG on it always works).
  if (!record.hostname.empty() &&
      std::find(record.tags.begin(), record.tags.end(), record.hostname) == record.tags.end()) {
    record.tags.push_back(record.hostname);
  }
  record.metadata = executor.metadata;
  record.layout = executor.layout;
  record.last_seen = now;
  record.updated = now;
  return record;
}

void LogRefusedEntry(const core::Status& st, const std::string& executor_id) {
  if (!st.ok()) {
    DLOG_WARN("snapshot entry refused", {{"executorId", executor_id}, {"error", st.message()}});
  }
}

}  // namespace

core::Status ModelState::HandleSnapshot(const json& message) {
  auto snapshot = core::ParseExecutorSnapshotMessage(message);
  if (!snapshot.ok()) return snapshot.status();
  const std::string executor_id = snapshot->executor.executor_id;
  UpsertExecutor(ExecutorFromSnapshot(snapshot->executor, Now()));
  // The model keeps instances and tasks as Drove JSON: each typed entry, serialised.
  for (const auto& info : snapshot->instances) {
    LogRefusedEntry(HandleInstanceReport(json(info), executor_id), executor_id);
  }
  for (const auto& info : snapshot->tasks) {
    LogRefusedEntry(HandleTaskReport(json(info), executor_id), executor_id);
  }
  return core::Status::Ok();
}

core::Status ModelState::HandleInstanceReport(const json& info, const std::string& executor_id) {
  const std::string app_id = StrField(info, "appId");
  const std::string id = StrField(info, "instanceId");
  if (app_id.empty() || id.empty()) {
    return core::Status::Error("instance report without appId or instanceId");
  }
  const core::InstanceState reported = InstanceStateOf(info);
  const json* existing = FindInstance(app_id, id);
  if (existing == nullptr) {
    // Unknown to the controller (app destroyed, record pruned, controller lost state).
    if (core::IsActive(reported)) QueueOrphan(executor_id, false, info);
    return core::Status::Ok();
  }
  const core::InstanceState current = InstanceStateOf(*existing);
  if (core::IsTerminal(current)) {
    if (core::IsActive(reported)) QueueOrphan(executor_id, false, info);
    return core::Status::Ok();
  }
  last_reported_[id] = Now();
  bool newer = current == core::InstanceState::kPending ||
               IntField(info, "updated") >= IntField(*existing, "updated");
  if (!newer || info == *existing) return core::Status::Ok();
  json merged = info;
  if (StrField(merged, "executorId").empty()) merged["executorId"] = executor_id;
  return CommitInstance(std::move(merged));
}

core::Status ModelState::HandleTaskReport(const json& info, const std::string& executor_id) {
  const std::string key = TaskKey(StrField(info, "sourceAppName"), StrField(info, "taskId"));
  const std::string id = StrField(info, "instanceId");
  if (id.empty() || StrField(info, "taskId").empty()) {
    return core::Status::Error("task report without taskId or instanceId");
  }
  const core::TaskState reported = TaskStateOf(info);
  const TaskRecord* existing = FindTask(key);
  bool ours = existing != nullptr && StrField(existing->info, "instanceId") == id;
  if (!ours || core::IsTerminal(TaskStateOf(existing->info))) {
    if (core::IsActive(reported)) QueueOrphan(executor_id, true, info);
    return core::Status::Ok();
  }
  last_reported_[id] = Now();
  bool newer = TaskStateOf(existing->info) == core::TaskState::kPending ||
               IntField(info, "updated") >= IntField(existing->info, "updated");
  if (!newer || info == existing->info) return core::Status::Ok();
  TaskRecord record{info, existing->spec};
  if (StrField(record.info, "executorId").empty()) record.info["executorId"] = executor_id;
  return CommitTask(std::move(record));
}

void ModelState::ExpireLost(int64_t instance_lost_ms, int64_t executor_lost_ms) {
  const int64_t now = Now();
  std::vector<std::string> silent;
  for (const auto& [id, executor] : executors_) {
    if (now - executor.last_seen > executor_lost_ms) silent.push_back(id);
  }
  for (const auto& id : silent) RemoveExecutor(id);

  std::vector<std::pair<std::string, std::string>> lost;
  for (const auto& [app_id, of_app] : instances_) {
    for (const auto& [id, info] : of_app) {
      if (core::IsTerminal(InstanceStateOf(info))) continue;
      auto seen = last_reported_.find(id);
      if (seen == last_reported_.end()) {
        last_reported_[id] = now;
      } else if (now - seen->second > instance_lost_ms) {
        lost.emplace_back(app_id, id);
      }
    }
  }
  for (const auto& [app_id, id] : lost) {
    if (auto st = MarkInstance(app_id, id, core::InstanceState::kLost, kInstanceLost); !st.ok()) {
      DLOG_ERROR("cannot mark instance lost", {{"instanceId", id}, {"error", st.message()}});
    }
  }
  std::vector<std::string> lost_tasks;
  for (const auto& [key, task] : tasks_) {
    if (core::IsTerminal(TaskStateOf(task.info))) continue;
    std::string id = StrField(task.info, "instanceId");
    auto seen = last_reported_.find(id);
    if (seen == last_reported_.end()) {
      last_reported_[id] = now;
    } else if (now - seen->second > instance_lost_ms) {
      lost_tasks.push_back(key);
    }
  }
  for (const auto& key : lost_tasks) {
    if (auto st = MarkTaskLost(key, kInstanceLost); !st.ok()) {
      DLOG_ERROR("cannot mark task lost", {{"task", key}, {"error", st.message()}});
    }
  }
}

void ModelState::QueueOrphan(const std::string& executor_id, bool is_task, const json& info) {
  auto address = AddressOf(executor_id);
  if (!address) return;
  OrphanStop stop;
  stop.executor = *address;
  stop.is_task = is_task;
  stop.app_id = StrField(info, is_task ? "sourceAppName" : "appId");
  stop.instance_id = StrField(info, "instanceId");
  stop.task_id = StrField(info, "taskId");
  DLOG_WARN("orphan container", {{"executorId", executor_id}, {"appId", stop.app_id},
                                 {"instanceId", stop.instance_id}});
  orphans_.push_back(std::move(stop));
}

}  // namespace drove::controller
