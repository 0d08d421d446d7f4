// ModelState: executor records (known from snapshots, stored when they change, restored on load),
// their removal, and the blacklist state the controller sets on them.
#include <algorithm>

#include "orchestrator/controller/model/cluster_texts.h"
#include "orchestrator/controller/model/event_builders.h"
#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

using nlohmann::json;

constexpr size_t kMaxRemovedExecutors = 50;

scheduler::ExecutorState SchedulerState(core::ExecutorState state) {
  switch (state) {
    case core::ExecutorState::kBlacklistRequested:
      return scheduler::ExecutorState::kBlacklistRequested;
    case core::ExecutorState::kBlacklisted:
      return scheduler::ExecutorState::kBlacklisted;
    case core::ExecutorState::kUnready:
      return scheduler::ExecutorState::kUnready;
    default:
      return scheduler::ExecutorState::kActive;
  }
}

scheduler::ExecutorInfo SchedulerInfo(const ExecutorRecord& record) {
  scheduler::ExecutorInfo info;
  info.executor_id = record.executor_id;
  info.hostname = record.hostname;
  info.state = SchedulerState(record.state);
  info.tags.insert(record.tags.begin(), record.tags.end());
  if (record.metadata.is_object()) {
    for (const auto& [key, value] : record.metadata.items()) {
      info.metadata[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  auto layout = scheduler::ParseLayout(record.layout);
  if (layout.ok()) {
    info.layout = layout.value();
  } else {
    DLOG_WARN("bad executor layout",
              {{"executorId", record.executor_id}, {"error", layout.error()}});
  }
  return info;
}

std::optional<core::EventType> StateEvent(core::ExecutorState state) {
  switch (state) {
    case core::ExecutorState::kBlacklistRequested:
      return core::EventType::kExecutorBlacklistRequested;
    case core::ExecutorState::kBlacklisted:
      return core::EventType::kExecutorBlacklisted;
    case core::ExecutorState::kActive:
      return core::EventType::kExecutorUnBlacklisted;
    default:
      return std::nullopt;
  }
}

json RemovedSummary(const ExecutorRecord& record) {
  return json{{"executorId", record.executor_id},
              {"hostname", record.hostname},
              {"port", record.port},
              {"transportType", record.transport_type},
              {"freeCores", 0},
              {"usedCores", 0},
              {"freeMemory", 0},
              {"usedMemory", 0},
              {"tags", record.tags},
              {"state", "REMOVED"}};
}

}  // namespace

core::Status ModelState::PersistExecutor(const ExecutorRecord& record) {
  std::string text = ExecutorToJson(record).dump();
  auto stored = stored_executors_.find(record.executor_id);
  if (stored != stored_executors_.end() && stored->second == text) return core::Status::Ok();
  if (auto st = Stage({{store::kExecutor, "", record.executor_id, text}}); !st.ok()) return st;
  stored_executors_[record.executor_id] = std::move(text);
  return core::Status::Ok();
}

void ModelState::UpsertExecutor(ExecutorRecord record) {
  const std::string id = record.executor_id;
  auto known = executors_.find(id);
  const bool added = known == executors_.end();
  if (!added) record.state = known->second.state;
  auto off_duty = off_duty_.find(id);
  if (added && off_duty != off_duty_.end()) {
    record.state = off_duty->second;  // back from being removed: still blacklisted
    DLOG_INFO("executor back, still blacklisted",
              {{"executorId", id}, {"state", std::string(core::ToString(record.state))}});
  }
  // A failed write is retried with the next snapshot (the stored copy still differs); the
  // snapshot itself is a fact and is taken either way.
  if (auto st = PersistExecutor(record); !st.ok()) {
    DLOG_WARN("executor record not stored", {{"executorId", id}, {"error", st.message()}});
  }
  if (auto st = scheduler_.UpsertExecutor(SchedulerInfo(record)); !st.ok()) {
    DLOG_WARN("executor layout conflict", {{"executorId", id}, {"error", st.message()}});
  }
  executors_[id] = std::move(record);
  if (!added) return;
  DLOG_INFO("executor added", {{"executorId", id}, {"hostname", executors_[id].hostname}});
  events_->Add(core::EventType::kExecutorAdded, ExecutorEventMetadata(executors_[id]));
  AdmitExecutor(executors_[id]);
  RefreshHeldShares();  // a new host owes the local services their share at once
  if (off_duty != off_duty_.end() && PersistExecutor(executors_[id]).ok()) {
    off_duty_.erase(off_duty);  // its own record holds the state again
    if (auto st = PersistOffDuty(); !st.ok()) {
      DLOG_WARN("off-duty list not stored", {{"error", st.message()}});
    }
  }
}

// Allocations of live instances and tasks on it (controller restart, executor back).
void ModelState::AdmitExecutor(const ExecutorRecord& record) {
  const std::string& id = record.executor_id;
  std::erase_if(removed_executors_,
                [&](const json& summary) { return StrField(summary, "executorId") == id; });
  for (const auto* table : InstanceTables()) {
    for (const auto& [app_id, of_app] : *table) {
      for (const auto& [instance_id, info] : of_app) {
        if (info.executor_id == id && !core::IsTerminal(info.state)) {
          ReserveFor(instance_id, info.resources, id,
                     IsServiceInstanceId(instance_id) ? ServiceSchedulerKey(app_id) : app_id);
        }
      }
    }
  }
  for (const auto& [key, task] : tasks_) {
    const core::TaskInfo& info = task.info;
    if (info.executor_id == id && !core::IsTerminal(info.state)) {
      ReserveFor(info.instance_id, info.resources, id,
                 core::TaskInternalId(info.source_app_name, info.task_id));
    }
  }
}

void ModelState::LoadExecutors(const std::map<std::string, std::string>& records) {
  const int64_t now = Now();
  for (const auto& [id, text] : records) {
    json j = json::parse(text, nullptr, false);
    auto record =
        j.is_discarded() ? core::Result<ExecutorRecord>::Error("not JSON") : ExecutorFromJson(j);
    if (!record.ok()) {
      // Not fatal: the executor's next snapshot brings it back (as ACTIVE).
      DLOG_ERROR("stored executor skipped", {{"executorId", id}, {"error", record.error()}});
      continue;
    }
    record->last_seen = now;  // as if it had just reported: the lost timer starts now
    record->updated = now;
    if (auto st = scheduler_.UpsertExecutor(SchedulerInfo(*record)); !st.ok()) {
      DLOG_WARN("executor layout conflict", {{"executorId", id}, {"error", st.message()}});
    }
    stored_executors_[id] = text;
    executors_[id] = record.value();
    AdmitExecutor(executors_[id]);
  }
}

core::Status ModelState::SetExecutorState(const std::string& executor_id,
                                          core::ExecutorState state) {
  auto it = executors_.find(executor_id);
  if (it == executors_.end())
    return core::Status::Error("No executor found with id: " + executor_id);
  if (it->second.state == state) return core::Status::Ok();
  ExecutorRecord next = it->second;
  next.state = state;
  if (auto st = PersistExecutor(next); !st.ok()) return st;
  it->second.state = state;
  scheduler_.SetExecutorState(executor_id, SchedulerState(state));
  DLOG_INFO("executor state",
            {{"executorId", executor_id}, {"state", std::string(core::ToString(state))}});
  if (auto type = StateEvent(state)) events_->Add(*type, ExecutorEventMetadata(it->second));
  return core::Status::Ok();
}

void ModelState::RemoveExecutor(const std::string& executor_id) {
  std::vector<std::pair<std::string, std::string>> lost;
  for (const auto* table : InstanceTables()) {
    for (const auto& [app_id, of_app] : *table) {
      for (const auto& [id, info] : of_app) {
        if (info.executor_id == executor_id && !core::IsTerminal(info.state)) {
          lost.emplace_back(app_id, id);
        }
      }
    }
  }
  for (const auto& [app_id, id] : lost) {
    if (auto st = MarkInstance(app_id, id, core::InstanceState::kLost, texts::kInstanceLost);
        !st.ok()) {
      DLOG_ERROR("cannot mark instance lost", {{"instanceId", id}, {"error", st.message()}});
    }
  }
  std::vector<std::string> lost_tasks;
  for (const auto& [key, task] : tasks_) {
    if (task.info.executor_id == executor_id && !core::IsTerminal(task.info.state)) {
      lost_tasks.push_back(key);
    }
  }
  for (const auto& key : lost_tasks) {
    if (auto st = MarkTaskLost(key, texts::kInstanceLost); !st.ok()) {
      DLOG_ERROR("cannot mark task lost", {{"task", key}, {"error", st.message()}});
    }
  }
  if (core::IsBlacklisted(executors_[executor_id].state)) {
    off_duty_[executor_id] = executors_[executor_id].state;
    if (auto st = PersistOffDuty(); !st.ok()) {
      DLOG_ERROR("off-duty list not stored", {{"executorId", executor_id}, {"error", st.message()}});
    }
  }
  // A record left behind would bring the executor back, for another lost timeout, next term.
  (void)Stage({{store::kExecutor, "", executor_id, ""}});  // a delete is never too large
  stored_executors_.erase(executor_id);
  std::erase_if(reserved_,
                [&](const auto& entry) { return entry.second.executor_id == executor_id; });
  scheduler_.RemoveExecutor(executor_id);
  reported_.erase(executor_id);
  removed_executors_.push_back(RemovedSummary(executors_[executor_id]));
  if (removed_executors_.size() > kMaxRemovedExecutors) {
    removed_executors_.erase(removed_executors_.begin());
  }
  executors_.erase(executor_id);
  DLOG_WARN("executor removed", {{"executorId", executor_id}});
  events_->Add(core::EventType::kExecutorRemoved, ExecutorRemovedMetadata(executor_id));
}

void ModelState::LoadOffDuty(const std::map<std::string, std::string>& cluster_records) {
  auto it = cluster_records.find(kOffDutyRecordId);
  if (it == cluster_records.end()) return;
  json j = json::parse(it->second, nullptr, false);
  if (!j.is_object()) {
    DLOG_ERROR("stored off-duty list unreadable, ignored", {{"record", it->second}});
    return;
  }
  for (const auto& [id, value] : j.items()) {
    auto state = value.is_string() ? core::ParseEnum<core::ExecutorState>(value.get<std::string>())
                                   : std::nullopt;
    if (state && core::IsBlacklisted(*state) && !executors_.contains(id)) off_duty_[id] = *state;
  }
}

core::Status ModelState::ClearOffDuty(const std::string& executor_id) {
  auto it = off_duty_.find(executor_id);
  if (it == off_duty_.end()) {
    return core::Status::Error(core::StatusCode::kNotFound,
                               "No executor found with id: " + executor_id);
  }
  const core::ExecutorState was = it->second;
  off_duty_.erase(it);
  if (auto st = PersistOffDuty(); !st.ok()) {
    off_duty_[executor_id] = was;
    return st;
  }
  DLOG_INFO("executor state", {{"executorId", executor_id}, {"state", "ACTIVE"}, {"removed", "true"}});
  return core::Status::Ok();
}

core::Status ModelState::PersistOffDuty() {
  json j = json::object();
  for (const auto& [id, state] : off_duty_) j[id] = core::ToString(state);
  return Stage({{store::kCluster, "", kOffDutyRecordId, off_duty_.empty() ? "" : j.dump()}});
}

}  // namespace drove::controller
