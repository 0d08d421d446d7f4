// Shell completion scripts for `drove --print-completion`, generated from the parser's command
// tree.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/core/util/status.h"

namespace drove::cli {

// The shells --print-completion accepts: bash, zsh, tcsh (drove-cli's choices).
std::vector<std::string> CompletionShells();

// A script completing every command, option and option choice under root, for one of
// CompletionShells(); an error for any other shell.
core::Result<std::string> CompletionScript(const Command& root, const std::string& shell);

}  // namespace drove::cli
