// The `epoch` binary: an epoch-cli compatible command line client for drove-epoch (and Epoch).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "orchestrator/epoch_cli/epoch_cli.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // `epoch topology list | head` ends quietly
  std::vector<std::string> args(argv + 1, argv + argc);
  drove::epoch_cli::EpochRunOptions options;
  options.out = &std::cout;
  options.err = &std::cerr;
  int rc = drove::epoch_cli::RunEpochCli(args, options);
  std::cout.flush();
  return rc;
}
