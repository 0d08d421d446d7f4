// What the daemons (controller, drove-epoch) read from their command line.
#pragma once

#include <string>
#include <string_view>

namespace drove::core {

// The value of `flag` (as `--flag x` or `--flag=x`; `flag` is "--flag"); empty when absent.
std::string FlagArg(int argc, char** argv, const std::string& flag);
// The value of --config.
std::string ConfigPathArg(int argc, char** argv);
// True when argv holds `flag` as a whole argument (e.g. "--check").
bool HasFlag(int argc, char** argv, std::string_view flag);

}  // namespace drove::core
