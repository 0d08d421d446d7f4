// TaskSpec (drove-api.md 3.2): the model, its JSON mapping and the task's internal id.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/configs.h"
#include "orchestrator/core/model/placement_policy.h"
#include "orchestrator/core/model/resources.h"
#include "orchestrator/core/model/spec_parts.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

struct TaskSpec {
  std::string source_app_name;                         // required (`sourceAppName`), [a-zA-Z\d\-_]*
  std::string task_id;                                 // required (`taskId`), same regex
  std::optional<Executable> executable;                // required
  std::optional<std::vector<MountedVolume>> volumes;
  std::optional<std::vector<ConfigSpec>> configs;
  std::optional<LoggingSpec> logging;
  std::vector<ResourceRequirement> resources;          // required: CPU and MEMORY
  std::optional<PlacementPolicy> placement_policy;     // LOCAL rejected
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<std::map<std::string, std::string>> env;
  std::optional<std::vector<std::string>> args;        // <= 2048 items
  std::optional<std::vector<DeviceSpec>> devices;
  std::optional<UserSpec> user_spec;

  bool operator==(const TaskSpec&) const = default;
};

// Internal task id = sourceAppName + "-" + taskId.
std::string TaskInternalId(const std::string& source_app_name, const std::string& task_id);
std::string TaskInternalId(const TaskSpec& spec);

void to_json(nlohmann::json& j, const TaskSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, TaskSpec& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, TaskSpec* out);

// Shape errors only; never throws.
Result<TaskSpec> ParseTaskSpec(const nlohmann::json& j);

// Masked copy (INLINE data -> "", HTTP credentials -> "***").
TaskSpec MaskTaskSpec(const TaskSpec& spec);

}  // namespace drove::core
