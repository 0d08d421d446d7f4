// Controller -> executor messages (START_INSTANCE, STOP_INSTANCE, START_TASK, STOP_TASK),
// parsed through core/model/executor_messages.h and handed to the runner registry. Independent of
// HTTP so it can be tested alone.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/status.h"
#include "orchestrator/executor/runner/runner_registry.h"

namespace drove::executor {

// Ok when accepted (the work then happens asynchronously); an error names what was wrong.
// A STOP for something not running here is accepted too (already gone is the wanted result).
core::Status HandleControllerMessage(const nlohmann::json& message, RunnerRegistry& registry);

}  // namespace drove::executor
