// What every command handler gets: the client, output streams, global flags and injectable time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>

#include "orchestrator/cli/cli_config.h"
#include "orchestrator/cli/drove_client.h"

namespace drove::cli {

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;       // a Drove call or a local step failed
inline constexpr int kExitUsage = 2;       // bad command line (argparse's code)
inline constexpr int kExitWaitTimeout = 3;  // --wait gave up after --wait-timeout

struct CliContext {
  DroveClient* client = nullptr;  // null for commands that do not talk to the cluster (config)
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  bool json = false;   // --json: print the data as JSON instead of tables
  bool debug = false;  // -d
  GlobalOptions globals;
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<int64_t()> now_ms;
  std::function<bool()> interrupted;  // true once Ctrl-C was pressed

  std::ostream& Out() { return *out; }
  std::ostream& Err() { return *err; }
  DroveClient& Client() { return *client; }
};

}  // namespace drove::cli
