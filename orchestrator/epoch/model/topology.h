// EpochTopology (task, trigger, notify) and EpochTopologyDetails, with their JSON mapping.
//
// The Drove objects inside a container task (executable, resources, volumes, configs, logging,
// placementPolicy, tags, env, args) are passed to Drove verbatim, so they are kept as opaque JSON;
// a null Json means "absent" and is left out on output (Jackson's NON_NULL).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/model/enums.h"
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {

struct EpochTask {
  TaskType type = TaskType::kContainerExecution;
  // CONTAINER_EXECUTION
  std::optional<std::string> task_name;  // `taskName`
  Json executable;                       // `type` defaults to DOCKER
  Json resources;
  Json volumes;
  Json configs;
  Json logging;
  Json placement_policy;  // `placementPolicy`
  Json tags;
  Json env;
  Json args;
  // COMPOSITE
  std::vector<EpochTask> tasks;
  CompositionType composition = CompositionType::kAll;  // `compositionType`
};

struct EpochTrigger {
  TriggerType type = TriggerType::kCron;
  std::string time_spec;  // CRON `timeSpec`
  int64_t time = 0;       // AT `time`, epoch millis
};

struct EpochNotify {
  NotifyType type = NotifyType::kBlackhole;
  std::vector<std::string> emails;  // MAIL only
};

struct EpochTopology {
  std::string name;
  std::optional<EpochTask> task;
  std::optional<EpochTrigger> trigger;
  std::optional<EpochNotify> notify;
};

struct EpochTopologyDetails {
  std::string id;  // == topology.name
  EpochTopology topology;
  TopologyState state = TopologyState::kActive;
  int64_t created = 0;
  int64_t updated = 0;
};

Json ToJson(const EpochTask& task);
Json ToJson(const EpochTrigger& trigger);
Json ToJson(const EpochNotify& notify);
Json ToJson(const EpochTopology& topology);
Json ToJson(const EpochTopologyDetails& details);

// Parsers: unknown keys are ignored, type ids are case-sensitive, missing required parts are left
// empty for validation to report. Errors read like Jackson's, for "JSON validation failure".
core::Result<EpochTopology> ParseTopology(const Json& json);
core::Result<EpochTopologyDetails> ParseTopologyDetails(const Json& json);

// Every CONTAINER_EXECUTION task of a (possibly composite) task, in execution order.
std::vector<const EpochTask*> ContainerTasks(const EpochTask& task);

}  // namespace drove::epoch
