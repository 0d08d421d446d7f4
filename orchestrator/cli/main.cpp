// The `drove` binary: a drove-cli compatible command line client for Drove clusters.
#include <atomic>
#include <csignal>
#include <iostream>

#include "orchestrator/cli/cli.h"

namespace {

std::atomic<bool> g_interrupted{false};
int g_interrupt_count = 0;

void OnSigint(int) {
  g_interrupted = true;
  if (++g_interrupt_count > 1) std::_Exit(130);  // second Ctrl-C: leave now
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, OnSigint);
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  drove::cli::RunOptions options;
  options.out = &std::cout;
  options.err = &std::cerr;
  options.interrupted = [] { return g_interrupted.load(); };
  int rc = drove::cli::RunCli(args, options);
  std::cout.flush();
  return g_interrupted ? 130 : rc;
}
