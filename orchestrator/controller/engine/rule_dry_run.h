// POST /apis/v1/applications/placementpolicy/rule/dryrun: Drove's rule check + evaluation, and
// (our addition) the same rule evaluated against every executor the scheduler knows.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/model_state.h"
#include "orchestrator/core/model/placement_policy.h"

namespace drove::controller {

// `policy` is a parsed RULE_BASED policy with rule and ruleType set; `scheduling_info` is
// Drove's SchedulingInfo (null: only the live executors are evaluated). Returns Drove's reply
//   {status, checkResult: {status, error?}, evalResult: {status, result, error?} | null,
//    executors: [{executorId, hostname, result, error?}]}
// where `status` is true when the rule compiled and evaluated. Runs under the model lock.
nlohmann::json DryRunPlacementRule(const ModelState& s, const core::PlacementPolicy& policy,
                                   const nlohmann::json& scheduling_info);

}  // namespace drove::controller
