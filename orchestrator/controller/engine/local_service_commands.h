// Accepting local-service operations (drove-api.md 2.4): the stored service's state decides what
// is allowed (core/model/local_service_states.h), with Drove's refusal texts; an accepted
// operation is stored with the service, which the engine then drives (local_service_planner.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/controller_core.h"
#include "orchestrator/controller/engine/app_commands.h"
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

// Runs under the model lock. `operation` is a parsed, shape-validated LocalServiceOperation
// (JSON). Returns the serviceId.
Outcome<std::string> SubmitLocalServiceOperation(ModelState& s, const nlohmann::json& operation,
                                                 const CommandOptions& options);
// Ends the service's running operation; it settles in its activation state. False if none.
bool CancelLocalServiceOperation(ModelState& s, const std::string& service_id);

}  // namespace drove::controller
