// TaskInfo (a task instance as reported and served) and TaskResult.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/resources.h"
#include "orchestrator/core/model/spec_parts.h"

namespace drove::core {

// `taskResult`: exit 0 -> {SUCCESSFUL,0}; non-zero -> {FAILED,code}; kill -> {CANCELLED,-1};
// start/monitor error -> {FAILED,-1}; lost -> {LOST,-1}.
struct TaskResult {
  TaskResultStatus status = TaskResultStatus::kSuccessful;
  int64_t exit_code = 0;  // `exitCode`
  bool operator==(const TaskResult&) const = default;
};

struct TaskInfo {
  std::string source_app_name;             // `sourceAppName`
  std::string task_id;                     // `taskId`
  std::string instance_id;                 // `instanceId` (TI-<uuid>)
  std::string executor_id;                 // `executorId`
  std::string hostname;                    // always emitted
  Executable executable;                   // always emitted
  std::vector<ResourceAllocation> resources;
  std::vector<MountedVolume> volumes;      // always emitted (`[]` when none)
  std::optional<LoggingSpec> logging_spec; // `loggingSpec` (not `logging`)
  std::optional<std::map<std::string, std::string>> env;
  TaskState state = TaskState::kPending;
  std::map<std::string, std::string> metadata;
  std::optional<TaskResult> task_result;   // `taskResult`, once finished
  std::string error_message;               // `errorMessage`, always emitted
  int64_t created = 0;
  int64_t updated = 0;
  bool operator==(const TaskInfo&) const = default;
};

void to_json(nlohmann::json& j, const TaskResult& v);    // NOLINT
void from_json(const nlohmann::json& j, TaskResult& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, TaskResult* out);
void to_json(nlohmann::json& j, const TaskInfo& v);      // NOLINT
void from_json(const nlohmann::json& j, TaskInfo& v);    // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, TaskInfo* out);

}  // namespace drove::core
