// The epoch CLI's command groups; each adds itself under the root with handlers bound to ctx.
#pragma once

#include <functional>
#include <string>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/epoch_cli/epoch_context.h"

namespace drove::epoch_cli {

// The shared parser calls handlers with the drove CLI's context; epoch commands ignore it and use
// the EpochContext they were bound to when the tree was built.
using EpochHandler = std::function<int(const cli::ParsedArgs&, EpochContext&)>;
cli::CommandHandler Bind(EpochContext* ctx, EpochHandler handler);

void AddTopologyCommands(cli::Command& root, EpochContext* ctx);
void AddRunsCommands(cli::Command& root, EpochContext* ctx);
void AddClusterCommands(cli::Command& root, EpochContext* ctx);

// "/apis/v1/topologies/<id>" with every segment percent-encoded.
std::string TopologyPath(const std::string& topology_id);
std::string RunPath(const std::string& topology_id, const std::string& run_id);
std::string TaskPath(const std::string& topology_id, const std::string& run_id,
                     const std::string& task_name);

}  // namespace drove::epoch_cli
