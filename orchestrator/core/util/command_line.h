// What the daemons (controller, drove-epoch) read from their command line.
#pragma once

#include <string>

namespace drove::core {

// The value of --config (as `--config x` or `--config=x`); empty when absent.
std::string ConfigPathArg(int argc, char** argv);

}  // namespace drove::core
