// Where the epoch CLI connects: epoch-cli's rules for -e/-u/-p/-t/-i and the ~/.epoch INI file.
#pragma once

#include <string>

#include "orchestrator/cli/cli_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::epoch_cli {

// The global options as given (empty when absent).
struct EpochGlobals {
  std::string config_file;  // -f
  std::string cluster;      // -c
  std::string endpoint;     // -e
  std::string auth_header;  // -t
  std::string insecure;     // -i VALUE (epoch-cli takes a value, not a flag)
  std::string username;     // -u
  std::string password;     // -p
  std::string ca_file;      // --ca-file (ours)
};

struct EpochConnection {
  std::string endpoint;  // without trailing '/'
  std::string username;
  std::string password;
  std::string auth_header;
  bool insecure = false;
  // What -d shows, as epoch-cli does: the value given (-i, or the file's), else "None" for the
  // command line and "False" for the file.
  std::string insecure_given = "None";
  // Ours: verify https:// against this CA (PEM) instead of the system store; `ca_file` in the
  // file, or --ca-file, which wins.
  std::string ca_file = {};
};

// Options that take a yes/no value (-i, insecure in the file, import's --overwrite and --paused):
// epoch-cli takes any non-empty string as true (so "false" meant true); ours is false for
// configparser's false words (false, no, off, 0; any case) and empty, true otherwise.
bool IsTrueValue(const std::string& value);

// $HOME/.epoch
std::string DefaultEpochConfigPath();

// -e given: everything from the command line. Otherwise the file (-f or ~/.epoch), section -c or
// DEFAULT; the file's values replace the command line's -u/-p/-t/-i, as in epoch-cli (but not
// --ca-file, which is ours and always wins). Errors are
// epoch-cli's texts ("Error: Config file <f> is not present or readable", ...).
core::Result<EpochConnection> ResolveEpochConnection(const EpochGlobals& globals);
// The file part on an already parsed INI (unit tests).
core::Result<EpochConnection> ResolveEpochFromIni(const cli::IniFile& ini,
                                                  const std::string& cluster,
                                                  const std::string& file_name);

// -d's line: "Endpoint: <e> Username: True Password: True AuthHeader: False Insecure: None".
std::string DebugLine(const EpochConnection& connection);

}  // namespace drove::epoch_cli
