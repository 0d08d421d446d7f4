// A Checker that counts each result of the checker it wraps, for
// drove_instance_checks_total{app,check,result}.
#pragma once

#include <memory>

#include "orchestrator/core/metrics/metric_families.h"
#include "orchestrator/executor/checks/checker.h"

namespace drove::executor {

// The family that counts check results (one per executor).
core::CounterFamily MakeCheckResultsFamily();

// `labels` (app, check = readiness|health) get `result` = healthy|unhealthy added. `counts`
// null returns `inner` as it is; otherwise it must outlive the checker.
std::unique_ptr<Checker> CountChecks(std::unique_ptr<Checker> inner, core::CounterFamily* counts,
                                     core::Labels labels);

}  // namespace drove::executor
