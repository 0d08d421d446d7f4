// Entry point of the epoch CLI: epoch-cli's global options, connection set-up and error reporting.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/drove_client.h"
#include "orchestrator/epoch_cli/epoch_context.h"

namespace drove::epoch_cli {

// The whole tree (global options, cluster, runs, topology), handlers bound to ctx.
std::unique_ptr<cli::Command> BuildEpochCommandTree(EpochContext* ctx);

struct EpochRunOptions {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Replaces the HTTP transport (tests); null means the real one for the resolved endpoint.
  cli::Transport transport;
};

// Runs one invocation (args without the program name); returns the exit code. Output goes to out
// exactly as epoch-cli prints it; every error is one line on err and a non-zero exit code.
int RunEpochCli(const std::vector<std::string>& args, const EpochRunOptions& options);

}  // namespace drove::epoch_cli
