// What an epoch CLI command gets: the client and the output streams.
#pragma once

#include <iostream>
#include <stdexcept>

#include "orchestrator/epoch_cli/epoch_client.h"

namespace drove::epoch_cli {

// Process exit codes. epoch-cli exits 0 even when a call failed; we do not (docs/epoch.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;        // the server refused, did not answer, or a file is bad
inline constexpr int kExitUsage = 2;        // bad command line (argparse's code)
inline constexpr int kExitNoCommand = 255;  // a group without its command: help, as epoch-cli

struct EpochContext {
  EpochClient* client = nullptr;  // set once the connection is resolved, before any handler runs
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;

  std::ostream& Out() { return *out; }
  EpochClient& Client() { return *client; }
};

// A failure that is not a server answer (a spec file that cannot be read); its text is the line.
class EpochCliFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace drove::epoch_cli
