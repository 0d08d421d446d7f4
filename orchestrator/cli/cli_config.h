// ~/.drove: configparser-style INI (DEFAULT section, %(name)s interpolation) and connection lookup.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::cli {

inline constexpr char kDefaultSection[] = "DEFAULT";

// The subset of Python's configparser that drove-cli relies on: keys are lower-cased, values of
// DEFAULT are inherited by every section, "%(key)s" interpolates and "%%" is a literal '%'.
class IniFile {
 public:
  using Items = std::vector<std::pair<std::string, std::string>>;

  static core::Result<IniFile> Parse(std::string_view text);
  std::string Serialize() const;  // as configparser.write: DEFAULT first, blank line after each

  bool HasSection(const std::string& section) const;  // DEFAULT always exists
  std::vector<std::string> Sections() const;          // without DEFAULT, in file order
  // Value of key in section (falling back to DEFAULT), interpolated.
  std::optional<std::string> Get(const std::string& section, const std::string& key) const;
  // Every key visible in section (own keys first, then inherited ones), interpolated.
  Items ItemsOf(const std::string& section) const;
  const Items& RawItems(const std::string& section) const;

  void AddSection(const std::string& section);
  void RemoveSection(const std::string& section);
  void Set(const std::string& section, const std::string& key, const std::string& value);
  void RemoveOption(const std::string& section, const std::string& key);

 private:
  std::optional<std::string> Lookup(const std::string& section, const std::string& key) const;
  std::string Interpolate(const std::string& section, const std::string& value, int depth) const;
  Items* Find(const std::string& section);
  const Items* Find(const std::string& section) const;

  Items defaults_;
  std::vector<std::pair<std::string, Items>> sections_;
};

// What the global options say about where to connect.
struct GlobalOptions {
  std::string config_file;  // -f
  std::string cluster;      // -c
  std::string endpoint;     // -e
  std::string auth_header;  // -t
  std::string username;     // -u
  std::string password;     // -p
  bool insecure = false;    // -i
  std::string ca_file;      // --ca-file (ours): verify https:// against this CA, not the system's
};

struct ConnectionSettings {
  std::string endpoint;  // without a trailing '/'
  std::string username;
  std::string password;
  std::string auth_header;
  bool insecure = false;
  std::string source;        // "command line" or "<file> [section]", for --debug
  std::string ca_file = {};  // `ca_file` in the file, or --ca-file; empty: the system CA store
};

// $HOME/.drove
std::string DefaultConfigPath();

// drove-cli's rules: -e wins (with -u/-p/-t from the command line); otherwise the config file
// (-f or ~/.drove), section -c, else DEFAULT's current_cluster, else DEFAULT itself.
core::Result<ConnectionSettings> ResolveConnection(const GlobalOptions& options);
// The same lookup on an already parsed file (unit-testable without the file system).
core::Result<ConnectionSettings> ResolveFromIni(const IniFile& ini, const std::string& cluster,
                                                const std::string& file_name);

core::Result<IniFile> LoadIniFile(const std::string& path);  // a missing file is an empty config
core::Status SaveIniFile(const std::string& path, const IniFile& ini);

}  // namespace drove::cli
