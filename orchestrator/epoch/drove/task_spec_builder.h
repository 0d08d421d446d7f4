// The Drove TaskSpec Epoch sends for one container task of a run (epoch-api.md section 3, Create).
#pragma once

#include <string>

#include "orchestrator/epoch/model/json.h"
#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

// {"sourceAppName","taskId","executable","volumes","configs","logging","resources",
//  "placementPolicy","tags","env","args","devices":[]}; absent parts are left out.
Json BuildTaskSpec(const std::string& source_app_name, const std::string& task_id,
                   const EpochTask& task);

}  // namespace drove::epoch
