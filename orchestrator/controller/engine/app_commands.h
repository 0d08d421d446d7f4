// Accepting API operations (drove-api.md 2.2.1 and 2.3): validation with Drove's exact refusal
// texts, then the write-through of the app/task and its normalised operation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/controller_core.h"
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

struct CommandOptions {
  int default_parallelism = 1;
  int64_t default_timeout_ms = 300000;
  std::vector<std::string> allowed_mount_dirs;  // empty: any host path may be mounted
  bool disable_cmdl_args = false;                // specs with `args` are refused
  bool enable_raw_device_access = false;         // else specs with `devices` are refused
};

// The cluster's rules on what a spec (JSON) may ask of an executor: mounts under
// allowedMountDirs, no `args` when disabled, no `devices` unless enabled. "" or Drove's refusal.
std::string CheckClusterRules(const nlohmann::json& spec, const CommandOptions& options);

// Runs under the model lock (ClusterModel::Update). Returns the appId.
Outcome<std::string> SubmitAppOperation(ModelState& s, const nlohmann::json& operation,
                                        const CommandOptions& options);
// Ends the app's current operation; the app returns to its stable state. False if none.
bool CancelAppOperation(ModelState& s, const std::string& app_id);

struct TaskCommandResult {
  Outcome<std::string> outcome;
  std::string start_key;  // set when a task was created: the engine must start it
  std::string kill_key;   // set when a task must be killed
};
TaskCommandResult SubmitTaskOperation(ModelState& s, const nlohmann::json& operation,
                                      const CommandOptions& options);

}  // namespace drove::controller
