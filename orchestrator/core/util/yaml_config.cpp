// ConfigFile/ConfigNode: typed reads over yaml-cpp with known-key tracking for strict validation.
#include "orchestrator/core/util/yaml_config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace drove::core {

namespace internal {

// Shared by a file and all its nodes. Owner: the thread reading the config (not thread-safe).
struct ConfigContext {
  std::string name;
  YAML::Node root;
  std::vector<std::string> errors;  // bad values, in the order they were read
  std::set<std::string> known;      // key paths the program read
  std::vector<std::pair<YAML::Node, std::string>> opened;  // maps whose keys must all be known
  std::set<std::string> opened_paths;

  void Open(const YAML::Node& node, const std::string& path) {
    if (node.IsMap() && opened_paths.insert(path).second) opened.emplace_back(node, path);
  }
  void AddError(const std::string& path, std::string_view reason) {
    errors.push_back(name + ":" + path + ": " + std::string(reason));
  }
};

}  // namespace internal

namespace {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::optional<int64_t> ParseInt(std::string_view text) {
  std::string t = Trimmed(text);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return value;
}

std::string IntRule(int64_t min, int64_t max) {
  if (min == INT64_MIN && max == INT64_MAX) return "must be an integer";
  if (max == INT64_MAX) return "must be an integer >= " + std::to_string(min);
  if (min == INT64_MIN) return "must be an integer <= " + std::to_string(max);
  return "must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string FormatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::string path,
                       std::shared_ptr<internal::ConfigContext> context)
    : node_(std::move(node)), path_(std::move(path)), context_(std::move(context)) {}

std::string ConfigNode::KeyPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ConfigNode::Error(std::string_view key, std::string_view reason) const {
  context_->AddError(KeyPath(key), reason);
}

std::optional<YAML::Node> ConfigNode::Lookup(std::string_view key) const {
  context_->known.insert(KeyPath(key));
  if (!node_.IsMap()) return std::nullopt;
  const YAML::Node& map = node_;  // const operator[] never inserts
  YAML::Node value = map[std::string(key)];
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  return value;
}

bool ConfigNode::Has(std::string_view key) const {
  if (!node_.IsMap()) return false;
  const YAML::Node& map = node_;
  YAML::Node value = map[std::string(key)];
  return value.IsDefined() && !value.IsNull();
}

std::optional<std::string> ConfigNode::ScalarText(std::string_view key) const {
  auto value = Lookup(key);
  if (!value) return std::nullopt;
  if (!value->IsScalar()) {
    Error(key, "must be a single value, not a map or list");
    return std::nullopt;
  }
  return value->Scalar();
}

std::string ConfigNode::String(std::string_view key, std::string default_value) const {
  auto text = ScalarText(key);
  return text ? *text : default_value;
}

std::optional<std::string> ConfigNode::OptionalString(std::string_view key) const {
  return ScalarText(key);
}

std::string ConfigNode::RequiredString(std::string_view key) const {
  if (!Has(key)) {
    Error(key, "is required");
    return "";
  }
  std::string value = String(key);
  if (value.empty()) Error(key, "must not be empty");
  return value;
}

int64_t ConfigNode::Int(std::string_view key, int64_t default_value, int64_t min,
                        int64_t max) const {
  auto text = ScalarText(key);
  if (!text) return default_value;
  auto value = ParseInt(*text);
  if (!value || *value < min || *value > max) {
    Error(key, IntRule(min, max));
    return default_value;
  }
  return *value;
}

double ConfigNode::Double(std::string_view key, double default_value, double min,
                          double max) const {
  auto text = ScalarText(key);
  if (!text) return default_value;
  std::string t = Trimmed(*text);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || errno != 0 || value < min || value > max) {
    Error(key, "must be a number between " + FormatNumber(min) + " and " + FormatNumber(max));
    return default_value;
  }
  return value;
}

bool ConfigNode::Bool(std::string_view key, bool default_value) const {
  auto text = ScalarText(key);
  if (!text) return default_value;
  std::string lower = Trimmed(*text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  Error(key, "must be true or false");
  return default_value;
}

std::string ConfigNode::Enum(std::string_view key, std::string default_value,
                             const std::vector<std::string>& allowed) const {
  auto text = ScalarText(key);
  if (!text) return default_value;
  if (std::find(allowed.begin(), allowed.end(), *text) != allowed.end()) return *text;
  std::string rule = "must be one of ";
  for (size_t i = 0; i < allowed.size(); ++i) rule.append(i ? ", " : "").append(allowed[i]);
  Error(key, rule);
  return default_value;
}

std::vector<std::string> ConfigNode::StringList(std::string_view key,
                                                std::vector<std::string> default_value) const {
  auto value = Lookup(key);
  if (!value) return default_value;
  if (!value->IsSequence()) {
    Error(key, "must be a list");
    return default_value;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < value->size(); ++i) {
    const YAML::Node item = (*value)[i];
    if (!item.IsScalar()) {
      Error(std::string(key) + "[" + std::to_string(i) + "]", "must be a single value");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::vector<int64_t> ConfigNode::IntList(std::string_view key, std::vector<int64_t> default_value,
                                         int64_t min, int64_t max) const {
  auto value = Lookup(key);
  if (!value) return default_value;
  if (!value->IsSequence()) {
    Error(key, "must be a list");
    return default_value;
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < value->size(); ++i) {
    const YAML::Node item = (*value)[i];
    auto number = item.IsScalar() ? ParseInt(item.Scalar()) : std::nullopt;
    if (!number || *number < min || *number > max) {
      Error(std::string(key) + "[" + std::to_string(i) + "]", IntRule(min, max));
      continue;
    }
    out.push_back(*number);
  }
  return out;
}

std::map<std::string, std::string> ConfigNode::StringMap(std::string_view key) const {
  std::map<std::string, std::string> out;
  auto value = Lookup(key);
  if (!value) return out;
  if (!value->IsMap()) {
    Error(key, "must be a map");
    return out;
  }
  for (const auto& kv : *value) {
    if (!kv.first.IsScalar() || !(kv.second.IsScalar() || kv.second.IsNull())) {
      Error(key, "must map names to single values");
      continue;
    }
    out[kv.first.Scalar()] = kv.second.IsNull() ? "" : kv.second.Scalar();
  }
  return out;
}

ConfigNode ConfigNode::Child(std::string_view key) const {
  std::string path = KeyPath(key);
  auto value = Lookup(key);
  if (!value) return ConfigNode(YAML::Node(), path, context_);
  if (!value->IsMap()) {
    Error(key, "must be a map");
    return ConfigNode(YAML::Node(), path, context_);
  }
  context_->Open(*value, path);
  return ConfigNode(*value, path, context_);
}

std::vector<ConfigNode> ConfigNode::Children(std::string_view key) const {
  std::vector<ConfigNode> out;
  auto value = Lookup(key);
  if (!value) return out;
  if (!value->IsSequence()) {
    Error(key, "must be a list");
    return out;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    YAML::Node item = (*value)[i];
    if (!item.IsMap()) {
      Error(item_key, "must be a map");
      continue;
    }
    std::string path = KeyPath(item_key);
    context_->Open(item, path);
    out.push_back(ConfigNode(item, path, context_));
  }
  return out;
}

std::vector<std::string> ConfigNode::Keys() const {
  std::vector<std::string> out;
  if (!node_.IsMap()) return out;
  for (const auto& kv : node_) {
    if (kv.first.IsScalar()) out.push_back(kv.first.Scalar());
  }
  return out;
}

Result<ConfigFile> ConfigFile::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<ConfigFile>::Error(path + ": cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Result<ConfigFile> ConfigFile::Parse(std::string_view text, std::string name) {
  auto context = std::make_shared<internal::ConfigContext>();
  context->name = std::move(name);
  try {
    context->root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks are 0-based; editors count from 1.
    return Result<ConfigFile>::Error(context->name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                     std::to_string(e.mark.column + 1) +
                                     ": invalid YAML: " + e.msg);
  }
  if (!context->root.IsNull() && !context->root.IsMap()) {
    return Result<ConfigFile>::Error(context->name + ": the top level must be a map of keys");
  }
  context->Open(context->root, "");
  return ConfigFile(std::move(context));
}

ConfigNode ConfigFile::root() const { return ConfigNode(context_->root, "", context_); }

std::vector<std::string> ConfigFile::Errors() const {
  std::vector<std::string> out = context_->errors;
  for (const auto& [node, path] : context_->opened) {
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        out.push_back(context_->name + ":" + path + ": keys must be plain names");
        continue;
      }
      std::string key_path = path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar();
      if (!context_->known.count(key_path))
        out.push_back(context_->name + ":" + key_path + ": unknown key");
    }
  }
  return out;
}

Status ConfigFile::Finish() const {
  std::vector<std::string> errors = Errors();
  if (errors.empty()) return Status::Ok();
  std::string joined;
  for (const auto& e : errors) joined.append(joined.empty() ? "" : "\n").append(e);
  return Status::Error(joined);
}

}  // namespace drove::core
