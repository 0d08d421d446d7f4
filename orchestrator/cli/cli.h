// Entry point of the drove CLI: builds the command tree, parses, connects, pings and dispatches.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/cli_context.h"
#include "orchestrator/cli/drove_client.h"

namespace drove::cli {

// The whole tree: global options and every command group.
std::unique_ptr<Command> BuildCommandTree();

struct RunOptions {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Replaces the HTTP transport (tests); null means the real one for the resolved endpoint.
  Transport transport;
  std::function<void(std::chrono::milliseconds)> sleep;  // default: really sleep
  std::function<int64_t()> now_ms;                      // default: system clock
  std::function<bool()> interrupted;                    // default: never
};

// Runs one invocation (args without the program name); returns the exit code.
int RunCli(const std::vector<std::string>& args, const RunOptions& options);

}  // namespace drove::cli
