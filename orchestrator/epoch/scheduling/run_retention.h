// Which finished runs retention removes (epoch-api.md section 3, "Retention"): per topology, the
// newest `numRunsPerJob` runs that are not RUNNING are kept, older ones go (with their Drove task
// metadata). RUNNING runs are never touched.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/epoch/model/run_info.h"

namespace drove::epoch {

// Run ids to delete, given every run of one topology.
std::vector<std::string> RunsToPrune(std::vector<RunInfo> runs, int keep);

// Drove task ids of a run whose metadata can be deleted (the task reached Drove).
std::vector<std::string> UpstreamTaskIds(const RunInfo& run);

}  // namespace drove::epoch
