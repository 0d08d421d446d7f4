// --config lookup shared by the daemons' main().
#include "orchestrator/core/util/command_line.h"

#include <cstring>

namespace drove::core {

std::string ConfigPathArg(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) return argv[i + 1];
    if (arg.rfind("--config=", 0) == 0) return arg.substr(std::strlen("--config="));
  }
  return "";
}

}  // namespace drove::core
