// Drove's read models (drove-api.md section 4) built from the cluster model, for the API.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/controller/controller_core.h"
#include "orchestrator/controller/model/app_summaries.h"  // AppSummaryJson
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

nlohmann::json LocalServiceSummaryJson(const ModelState& s, const LocalServiceRecord& service);
nlohmann::json ExecutorSummaryJson(const ModelState& s, const ExecutorRecord& executor);
nlohmann::json ExecutorNodeDataJson(const ModelState& s, const ExecutorRecord& executor);
nlohmann::json ClusterSummaryJson(const ModelState& s, const std::string& leader);
// The /metrics figures (executors, resources, apps, instances and tasks by state).
ClusterGauges GaugesOf(const ModelState& s);

}  // namespace drove::controller
