// Flag lookup (--config, ...) shared by the daemons' main().
#include "orchestrator/core/util/command_line.h"

namespace drove::core {

std::string FlagArg(int argc, char** argv, const std::string& flag) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == flag && i + 1 < argc) return argv[i + 1];
    if (arg.rfind(flag + "=", 0) == 0) return arg.substr(flag.size() + 1);
  }
  return "";
}

std::string ConfigPathArg(int argc, char** argv) { return FlagArg(argc, argv, "--config"); }

bool HasFlag(int argc, char** argv, std::string_view flag) {
  for (int i = 1; i < argc; ++i) {
    if (flag == argv[i]) return true;
  }
  return false;
}

}  // namespace drove::core
