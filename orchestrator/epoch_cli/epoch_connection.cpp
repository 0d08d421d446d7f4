// epoch-cli's connection rules over the shared configparser-style INI reader (orchestrator/cli).
#include "orchestrator/epoch_cli/epoch_connection.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "orchestrator/epoch_cli/texts.h"

namespace drove::epoch_cli {
namespace {

core::Result<EpochConnection> Finish(EpochConnection connection) {
  if (connection.endpoint.empty()) {
    return core::Result<EpochConnection>::Error(texts::kNeedConnectivity);
  }
  while (!connection.endpoint.empty() && connection.endpoint.back() == '/') {
    connection.endpoint.pop_back();
  }
  return connection;
}

}  // namespace

bool IsTrueValue(const std::string& value) {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return !(lower.empty() || lower == "false" || lower == "no" || lower == "off" || lower == "0");
}

std::string DefaultEpochConfigPath() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.epoch";
}

core::Result<EpochConnection> ResolveEpochFromIni(const cli::IniFile& ini,
                                                  const std::string& cluster,
                                                  const std::string& file_name) {
  std::string section = cli::kDefaultSection;
  if (!cluster.empty()) {
    if (!ini.HasSection(cluster)) {
      return core::Result<EpochConnection>::Error(texts::NoCluster(cluster, file_name));
    }
    section = cluster;
  }
  EpochConnection connection;
  connection.endpoint = ini.Get(section, "endpoint").value_or("");
  connection.username = ini.Get(section, "username").value_or("");
  connection.password = ini.Get(section, "password").value_or("");
  connection.auth_header = ini.Get(section, "auth_header").value_or("");
  connection.insecure_given = ini.Get(section, "insecure").value_or("False");
  connection.insecure = IsTrueValue(connection.insecure_given);
  connection.ca_file = ini.Get(section, "ca_file").value_or("");
  return Finish(std::move(connection));
}

core::Result<EpochConnection> ResolveEpochConnection(const EpochGlobals& globals) {
  if (!globals.endpoint.empty()) {
    return Finish({globals.endpoint, globals.username, globals.password, globals.auth_header,
                   IsTrueValue(globals.insecure),
                   globals.insecure.empty() ? "None" : globals.insecure, globals.ca_file});
  }
  const std::string path =
      globals.config_file.empty() ? DefaultEpochConfigPath() : globals.config_file;
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored) || access(path.c_str(), R_OK) != 0) {
    return core::Result<EpochConnection>::Error(texts::ConfigMissing(path));
  }
  auto ini = cli::LoadIniFile(path);
  if (!ini.ok()) {
    // LoadIniFile's error starts with the path already.
    return core::Result<EpochConnection>::Error(texts::ConfigUnparsable(ini.error()));
  }
  auto connection = ResolveEpochFromIni(*ini, globals.cluster, path);
  if (connection.ok() && !globals.ca_file.empty()) connection->ca_file = globals.ca_file;
  return connection;
}

std::string DebugLine(const EpochConnection& connection) {
  auto py_bool = [](bool value) { return value ? "True" : "False"; };
  return "Endpoint: " + connection.endpoint +
         " Username: " + py_bool(!connection.username.empty()) +
         " Password: " + py_bool(!connection.password.empty()) +
         " AuthHeader: " + py_bool(!connection.auth_header.empty()) +
         " Insecure: " + connection.insecure_given;
}

}  // namespace drove::epoch_cli
