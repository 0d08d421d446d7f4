// The seam between Epoch's run logic and Drove's task API (epoch-api.md section 3): create, read,
// kill and delete one task of the configured source app. Blocking; called from run workers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {

// What Drove reports of a task (its TaskInfo, the parts Epoch reads).
struct DroveTaskStatus {
  std::string state;                         // Drove TaskState: PENDING .. STOPPED, LOST, UNKNOWN
  std::optional<std::string> result_status;  // taskResult.status: SUCCESSFUL, FAILED, CANCELLED ...
  std::optional<int64_t> exit_code;          // taskResult.exitCode
  std::string error_message;                 // errorMessage
};

struct CreateTaskResult {
  enum class Outcome {
    kAccepted,       // Drove took it: the task is STARTING
    kAlreadyExists,  // "Task already exists": started before (a resumed run), keep following it
    kFailed,         // refused or unreachable: the task FAILED with `error`
  };
  Outcome outcome = Outcome::kFailed;
  std::string error;  // Epoch's texts, e.g. "Received error from api: [400] {...}"
  // kFailed without an answer (connect error, timeout): Drove may have taken the task anyway, so
  // sending CREATE again is safe (it then says "already exists") and worth a retry.
  bool unanswered = false;
};

struct TaskStatusRead {
  enum class Outcome { kFound, kNotFound, kError };
  Outcome outcome = Outcome::kError;
  DroveTaskStatus status;  // kFound
  std::string error;       // kNotFound / kError
};

struct KillTaskResult {
  bool ok = false;
  std::string message;  // on failure, Epoch's "Task cancellation failed with ..." texts
};

class DroveTaskClient {
 public:
  virtual ~DroveTaskClient() = default;
  // `spec` is the CREATE operation's "spec" object (BuildTaskSpec).
  virtual CreateTaskResult CreateTask(const Json& spec) = 0;
  virtual TaskStatusRead GetTask(const std::string& task_id) = 0;
  virtual KillTaskResult KillTask(const std::string& task_id) = 0;
  // Drove's task metadata (retention); ok when deleted or already gone.
  virtual core::Status DeleteTask(const std::string& task_id) = 0;
  // The Drove leader's base URL ("http://host:port") for the UI link of a task; nullopt when
  // no controller answers.
  virtual std::optional<std::string> LeaderUrl() = 0;
};

}  // namespace drove::epoch
