// Strict YAML config reading: typed keys with defaults, and at the end every unknown key and every
// bad value reported at once as `file:key.path: reason`.
//
//   auto file = ConfigFile::Load("controller.yml");            // Result<ConfigFile>
//   ConfigNode root = file->root();
//   int port = root.Child("server").Int("port", 4000, 1, 65535);
//   auto timeout = root.Child("options").Value<Millis>("instanceLostTimeout", 60000,
//   ParseDurationMs); Status st = file->Finish();   // unknown keys + bad values, one per line
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::core {

namespace internal {
struct ConfigContext;
}

// A map in the file, at `path`. Reading a key marks it known; a missing or null key gives the
// default. Bad values are recorded (and the default returned) so that all problems surface
// together.
class ConfigNode {
 public:
  bool Has(std::string_view key) const;

  std::string String(std::string_view key, std::string default_value = "") const;
  std::optional<std::string> OptionalString(std::string_view key) const;
  // A string that must be present and non-empty; records `is required` / `must not be empty`.
  std::string RequiredString(std::string_view key) const;
  int64_t Int(std::string_view key, int64_t default_value, int64_t min = INT64_MIN,
              int64_t max = INT64_MAX) const;
  double Double(std::string_view key, double default_value, double min = -1e300,
                double max = 1e300) const;
  bool Bool(std::string_view key, bool default_value) const;
  // One of `allowed` (exact spelling), e.g. logLevel or a role name.
  std::string Enum(std::string_view key, std::string default_value,
                   const std::vector<std::string>& allowed) const;
  std::vector<std::string> StringList(std::string_view key,
                                      std::vector<std::string> default_value = {}) const;
  std::vector<int64_t> IntList(std::string_view key, std::vector<int64_t> default_value = {},
                               int64_t min = INT64_MIN, int64_t max = INT64_MAX) const;
  // A free-form map of scalars (e.g. `metadata`); its keys are not checked.
  std::map<std::string, std::string> StringMap(std::string_view key) const;

  // A scalar converted by `parse` (e.g. a Drove duration "5s" / "300 seconds"); an error result
  // becomes `file:path: <its message>`.
  template <typename T>
  T Value(std::string_view key, T default_value,
          const std::function<Result<T>(std::string_view)>& parse) const {
    auto text = ScalarText(key);
    if (!text) return default_value;
    Result<T> parsed = parse(*text);
    if (!parsed.ok()) {
      Error(key, parsed.error());
      return default_value;
    }
    return std::move(parsed).value();
  }

  // A nested map; missing gives an empty node (all defaults). Its keys are checked too.
  ConfigNode Child(std::string_view key) const;
  // A list of maps (e.g. userAuth.users); each item's keys are checked. Paths are `key[i]`.
  std::vector<ConfigNode> Children(std::string_view key) const;
  // This map's keys in file order, for maps of named entries (e.g. metadataProviders); a key
  // still counts as unknown until it is read.
  std::vector<std::string> Keys() const;

  // Records `file:path.key: reason` for rules the caller checks itself.
  void Error(std::string_view key, std::string_view reason) const;
  // The dotted path of this node ("" at the root).
  const std::string& path() const { return path_; }

 private:
  friend class ConfigFile;
  ConfigNode(YAML::Node node, std::string path, std::shared_ptr<internal::ConfigContext> context);
  std::string KeyPath(std::string_view key) const;
  // The node at key (marked known), or nullopt when absent or null.
  std::optional<YAML::Node> Lookup(std::string_view key) const;
  // The scalar text at key; records "must be a single value" for maps/lists.
  std::optional<std::string> ScalarText(std::string_view key) const;

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<internal::ConfigContext> context_;
};

class ConfigFile {
 public:
  // Reads and parses a file; `name` in messages is the path as given. Unreadable or invalid
  // YAML is an error here (with yaml-cpp's line/column).
  static Result<ConfigFile> Load(const std::string& path);
  static Result<ConfigFile> Parse(std::string_view text, std::string name);

  ConfigNode root() const;
  // Every bad value (in reading order), then every unknown key, as `file:key.path: reason`.
  std::vector<std::string> Errors() const;
  // Ok, or one error holding all Errors() joined by newlines.
  Status Finish() const;

 private:
  explicit ConfigFile(std::shared_ptr<internal::ConfigContext> context)
      : context_(std::move(context)) {}
  std::shared_ptr<internal::ConfigContext> context_;
};

}  // namespace drove::core
