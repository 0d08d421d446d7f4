// JSON mapping of the small spec value types.
#include "orchestrator/core/model/spec_parts.h"

#include <utility>
#include <vector>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const Executable& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  j["url"] = v.url;
  SetIfPresent(j, "dockerPullTimeout", v.docker_pull_timeout);
}

void ReadJson(const nlohmann::json& j, const std::string& path, Executable* out) {
  ObjectReader r(j, path);
  Executable v;
  if (r.Find("type") != nullptr) v.type = static_cast<ExecutableType>(r.Discriminator({"DOCKER"}));
  v.url = r.String("url");
  v.docker_pull_timeout = r.Opt<Duration>("dockerPullTimeout");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, Executable& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const PortSpec& v) {
  j = nlohmann::json::object();
  j["name"] = v.name;
  j["port"] = v.port;
  SetIfPresent(j, "type", v.type);
}

void ReadJson(const nlohmann::json& j, const std::string& path, PortSpec* out) {
  ObjectReader r(j, path);
  PortSpec v;
  v.name = r.String("name");
  v.port = r.Int32("port");
  v.type = r.Opt<PortType>("type");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, PortSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const MountedVolume& v) {
  j = nlohmann::json::object();
  j["pathInContainer"] = v.path_in_container;
  j["pathOnHost"] = v.path_on_host;
  SetIfPresent(j, "mode", v.mode);
}

void ReadJson(const nlohmann::json& j, const std::string& path, MountedVolume* out) {
  ObjectReader r(j, path);
  MountedVolume v;
  v.path_in_container = r.String("pathInContainer");
  v.path_on_host = r.String("pathOnHost");
  v.mode = r.Opt<VolumeMode>("mode");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, MountedVolume& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const LoggingSpec& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  if (v.type == LoggingType::kLocal) {
    j["maxSize"] = v.max_size;
    j["maxFiles"] = v.max_files;
    j["compress"] = v.compress;
  } else {
    j["server"] = v.server;
    SetIfPresent(j, "tagPrefix", v.tag_prefix);
    SetIfPresent(j, "tagSuffix", v.tag_suffix);
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, LoggingSpec* out) {
  ObjectReader r(j, path);
  LoggingSpec v;
  v.type = static_cast<LoggingType>(r.Discriminator({"LOCAL", "RSYSLOG"}));
  if (v.type == LoggingType::kLocal) {
    v.max_size = r.String("maxSize");
    v.max_files = r.Int32("maxFiles");
    v.compress = r.Bool("compress");
  } else {
    v.server = r.String("server");
    v.tag_prefix = r.OptString("tagPrefix");
    v.tag_suffix = r.OptString("tagSuffix");
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LoggingSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExposureSpec& v) {
  j = nlohmann::json::object();
  j["vhost"] = v.vhost;
  j["portName"] = v.port_name;
  SetIfPresent(j, "mode", v.mode);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExposureSpec* out) {
  ObjectReader r(j, path);
  ExposureSpec v;
  v.vhost = r.String("vhost");
  v.port_name = r.String("portName");
  v.mode = r.Opt<ExposureMode>("mode");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExposureSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const UserSpec& v) {
  j = nlohmann::json::object();
  j["user"] = v.user;
  SetIfPresent(j, "group", v.group);
}

void ReadJson(const nlohmann::json& j, const std::string& path, UserSpec* out) {
  ObjectReader r(j, path);
  UserSpec v;
  v.user = r.String("user");
  v.group = r.OptString("group");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, UserSpec& v) { ReadJson(j, "", &v); }

void ReadJson(const nlohmann::json& j, const std::string& path, PlacementPolicy* out) {
  Result<PlacementPolicy> policy = ParsePlacementPolicy(j, path);
  if (!policy.ok()) throw ParseError(policy.error());  // the message already names the path
  *out = std::move(policy).value();
}

namespace {

// Devices are copied verbatim, and copying JSON recurses; refuse absurd nesting (iteratively).
bool NestedDeeperThan(const nlohmann::json& root, size_t limit) {
  std::vector<std::pair<const nlohmann::json*, size_t>> stack = {{&root, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > limit) return true;
    if (node->is_structured()) {
      for (const auto& child : *node) stack.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

constexpr size_t kMaxDeviceDepth = 32;

}  // namespace

std::vector<DeviceSpec> ReadDevices(const nlohmann::json& j, const std::string& path) {
  if (!j.is_array()) ThrowParseError(path, "expected array, got " + JsonTypeName(j));
  std::vector<DeviceSpec> out;
  for (size_t i = 0; i < j.size(); ++i) {
    ObjectReader r(j[i], IndexPath(path, i));
    r.Discriminator({"DIRECT", "DETAILED"});
    if (NestedDeeperThan(j[i], kMaxDeviceDepth)) {
      ThrowParseError(IndexPath(path, i), "nested too deeply");
    }
    out.push_back(j[i]);
  }
  return out;
}

}  // namespace drove::core
