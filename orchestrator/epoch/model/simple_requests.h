// The UI's simple topology requests (SimpleTopologyCreateRequest / SimpleTopologyEditRequest):
// parsing, Epoch's bean constraints, and the expansion into a full EpochTopology.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/model/json.h"
#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

struct SimpleTopologyRequest {
  std::string name;  // create only
  std::string cron;
  std::string docker;
  int64_t cpus = 0;
  int64_t memory = 0;                       // MB
  std::optional<std::string> notify_email;  // `notifyEmail`: NotNull
  Json env;                                 // map string -> string, optional
  Json volumes;                             // [{pathInContainer, pathOnHost, mode}], optional
};

// JSON validation failures (wrong types) are errors; constraints are checked by Validate.
core::Result<SimpleTopologyRequest> ParseSimpleRequest(const Json& json);

// "<field> <message>" per broken constraint; `with_name` for the create request.
std::vector<std::string> ValidateSimpleRequest(const SimpleTopologyRequest& request,
                                               bool with_name);

// The full topology the UI form stands for (epoch-api.md "Simple (UI) request shapes"): one
// `docker-task` container, CPU then MEMORY, LOCAL 10m/3 logging, ANY placement, CRON trigger,
// MAIL notify. Emails are trimmed after splitting on ',' (Epoch keeps the spaces [q]).
EpochTopology ExpandSimpleRequest(const std::string& name, const SimpleTopologyRequest& request);

}  // namespace drove::epoch
