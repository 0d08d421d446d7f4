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

OrphanStop OrphanOf(const core::InstanceInfo& info) {
  OrphanStop stop;
  stop.app_id = info.app_id;
  stop.instance_id = info.instance_id;
  return stop;
}

OrphanStop OrphanOf(const core::TaskInfo& info) {
  OrphanStop stop;
  stop.is_task = true;
  stop.app_id = info.source_app_name;
  stop.instance_id = info.instance_id;
  stop.task_id = info.task_id;
  return stop;
}

}  // namespace

core::Status ModelState::HandleSnapshot(const core::ExecutorSnapshotMessage& snapshot) {
  const std::string& executor_id = snapshot.executor.executor_id;
  UpsertExecutor(ExecutorFromSnapshot(snapshot.executor, Now()));
  auto& [instance_ids, task_ids] = reported_[executor_id];
  instance_ids.clear();
  task_ids.clear();
  for (const auto& info : snapshot.instances) instance_ids.insert(info.instance_id);
  for (const auto& info : snapshot.tasks) task_ids.insert(info.instance_id);
  for (const auto& info : snapshot.instances) {
    LogRefusedEntry(HandleInstanceReport(info, executor_id), executor_id);
  }
  for (const auto& info : snapshot.tasks) {
    LogRefusedEntry(HandleTaskReport(info, executor_id), executor_id);
  }
  return core::Status::Ok();
}

core::Status ModelState::HandleInstanceReport(const core::InstanceInfo& info,
                                              const std::string& executor_id) {
  if (info.app_id.empty() || info.instance_id.empty()) {
    return core::Status::Error("instance report without appId or instanceId");
  }
  const core::InstanceInfo* existing = FindInstance(info.app_id, info.instance_id);
  // Unknown to the controller (app destroyed, record pruned, controller lost state), or over.
  if (existing == nullptr || core::IsTerminal(existing->state)) {
    if (core::IsActive(info.state)) QueueOrphan(executor_id, OrphanOf(info));
    return core::Status::Ok();
  }
  last_reported_[info.instance_id] = Now();
  bool newer =
      existing->state == core::InstanceState::kPending || info.updated >= existing->updated;
  if (!newer || info == *existing) return core::Status::Ok();
  core::InstanceInfo merged = info;
  if (merged.executor_id.empty()) merged.executor_id = executor_id;
  return CommitInstance(std::move(merged));
}

core::Status ModelState::HandleTaskReport(const core::TaskInfo& info,
                                          const std::string& executor_id) {
  if (info.instance_id.empty() || info.task_id.empty()) {
    return core::Status::Error("task report without taskId or instanceId");
  }
  const TaskRecord* existing = FindTask(TaskKey(info));
  bool ours = existing != nullptr && existing->info.instance_id == info.instance_id;
  if (!ours || core::IsTerminal(existing->info.state)) {
    if (core::IsActive(info.state)) QueueOrphan(executor_id, OrphanOf(info));
    return core::Status::Ok();
  }
  last_reported_[info.instance_id] = Now();
  bool newer = existing->info.state == core::TaskState::kPending ||
               info.updated >= existing->info.updated;
  if (!newer || info == existing->info) return core::Status::Ok();
  TaskRecord record{info, existing->spec};
  if (record.info.executor_id.empty()) record.info.executor_id = executor_id;
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
  for (const auto* table : InstanceTables()) {
    for (const auto& [app_id, of_app] : *table) {
      for (const auto& [id, info] : of_app) {
        if (core::IsTerminal(info.state)) continue;
        auto seen = last_reported_.find(id);
        if (seen == last_reported_.end()) {
          last_reported_[id] = now;
        } else if (now - seen->second > instance_lost_ms) {
          lost.emplace_back(app_id, id);
        }
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
    if (core::IsTerminal(task.info.state)) continue;
    const std::string& id = task.info.instance_id;
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

std::optional<json> ModelState::ExecutorInstanceIds(const std::string& executor_id,
                                                   bool last) const {
  auto reported = reported_.find(executor_id);
  if (reported == reported_.end()) return std::nullopt;
  const auto& [reported_instances, reported_tasks] = reported->second;
  // What the controller wants on this executor: its active records placed there.
  std::set<std::string> wanted_instances;
  std::set<std::string> wanted_tasks;
  for (const auto* table : InstanceTables()) {
    for (const auto& [owner, of_owner] : *table) {
      for (const auto& [id, info] : of_owner) {
        if (info.executor_id == executor_id && core::IsActive(info.state)) {
          wanted_instances.insert(id);
        }
      }
    }
  }
  for (const auto& [key, task] : tasks_) {
    if (task.info.executor_id == executor_id && core::IsActive(task.info.state)) {
      wanted_tasks.insert(task.info.instance_id);
    }
  }
  json ids{{"appInstanceIds", json::array()},          {"staleAppInstanceIds", json::array()},
           {"taskInstanceIds", json::array()},         {"staleTaskInstanceIds", json::array()},
           {"localServiceInstanceIds", json::array()}, {"staleLocalServiceInstanceIds", json::array()}};
  auto add = [&](const std::string& id, bool task, bool fresh) {
    if (task) {
      ids[fresh ? "taskInstanceIds" : "staleTaskInstanceIds"].push_back(id);
    } else if (IsServiceInstanceId(id)) {
      ids[fresh ? "localServiceInstanceIds" : "staleLocalServiceInstanceIds"].push_back(id);
    } else {
      ids[fresh ? "appInstanceIds" : "staleAppInstanceIds"].push_back(id);
    }
  };
  // `last`: stale = reported but not wanted; `current`: stale = wanted but not reported.
  const auto& instances = last ? reported_instances : wanted_instances;
  const auto& instances_other = last ? wanted_instances : reported_instances;
  const auto& tasks = last ? reported_tasks : wanted_tasks;
  const auto& tasks_other = last ? wanted_tasks : reported_tasks;
  for (const auto& id : instances) add(id, false, instances_other.contains(id));
  for (const auto& id : tasks) add(id, true, tasks_other.contains(id));
  return ids;
}

void ModelState::QueueOrphan(const std::string& executor_id, OrphanStop stop) {
  auto address = AddressOf(executor_id);
  if (!address) return;
  stop.executor = *address;
  DLOG_WARN("orphan container", {{"executorId", executor_id}, {"appId", stop.app_id},
                                 {"instanceId", stop.instance_id}});
  orphans_.push_back(std::move(stop));
}

}  // namespace drove::controller
