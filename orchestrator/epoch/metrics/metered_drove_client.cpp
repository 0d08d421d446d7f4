// Counting Drove's failed calls (see metered_drove_client.h).
#include "orchestrator/epoch/metrics/metered_drove_client.h"

namespace drove::epoch {

CreateTaskResult MeteredDroveClient::CreateTask(const Json& spec) {
  CreateTaskResult result = inner_.CreateTask(spec);
  if (result.outcome == CreateTaskResult::Outcome::kFailed) {
    metrics_.CountDroveError(DroveCall::kCreate);
  }
  return result;
}

TaskStatusRead MeteredDroveClient::GetTask(const std::string& task_id) {
  TaskStatusRead read = inner_.GetTask(task_id);
  if (read.outcome == TaskStatusRead::Outcome::kError) metrics_.CountDroveError(DroveCall::kStatus);
  return read;
}

KillTaskResult MeteredDroveClient::KillTask(const std::string& task_id) {
  KillTaskResult result = inner_.KillTask(task_id);
  if (!result.ok) metrics_.CountDroveError(DroveCall::kKill);
  return result;
}

core::Status MeteredDroveClient::DeleteTask(const std::string& task_id) {
  core::Status st = inner_.DeleteTask(task_id);
  if (!st.ok()) metrics_.CountDroveError(DroveCall::kDelete);
  return st;
}

std::optional<std::string> MeteredDroveClient::LeaderUrl() {
  std::optional<std::string> url = inner_.LeaderUrl();
  if (!url) metrics_.CountDroveError(DroveCall::kLeader);
  return url;
}

}  // namespace drove::epoch
