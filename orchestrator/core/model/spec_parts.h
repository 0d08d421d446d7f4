// Small spec value types: Executable, PortSpec, MountedVolume, LoggingSpec, ExposureSpec, UserSpec, DeviceSpec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/placement_policy.h"

namespace drove::core {

// `executable`: {type:"DOCKER", url, dockerPullTimeout}. `type` may be omitted on input.
struct Executable {
  ExecutableType type = ExecutableType::kDocker;
  std::string url;                                  // required
  std::optional<Duration> docker_pull_timeout;      // required (`dockerPullTimeout`)
  bool operator==(const Executable&) const = default;
};

// `exposedPorts[]`: {name, port, type}.
struct PortSpec {
  std::string name;                  // required, [a-zA-Z0-9\-_]*
  int32_t port = 0;                  // 1..65535
  std::optional<PortType> type;      // required
  bool operator==(const PortSpec&) const = default;
};

// `volumes[]`: {pathInContainer, pathOnHost, mode}.
struct MountedVolume {
  std::string path_in_container;     // required
  std::string path_on_host;          // required
  std::optional<VolumeMode> mode;    // required
  bool operator==(const MountedVolume&) const = default;
};

// `logging`: {type:"LOCAL", maxSize, maxFiles, compress} | {type:"RSYSLOG", server, tagPrefix?, tagSuffix?}.
struct LoggingSpec {
  LoggingType type = LoggingType::kLocal;
  // LOCAL
  std::string max_size;              // required, docker size string ("10m")
  int32_t max_files = 0;             // 1..100
  bool compress = false;
  // RSYSLOG
  std::string server;                // required, host:port
  std::optional<std::string> tag_prefix;
  std::optional<std::string> tag_suffix;

  // Drove's default: LOCAL 10m x 3, compressed.
  static LoggingSpec DefaultLocal() { return {LoggingType::kLocal, "10m", 3, true, "", {}, {}}; }
  bool operator==(const LoggingSpec&) const = default;
};

// `exposureSpec`: {vhost, portName, mode?}.
struct ExposureSpec {
  std::string vhost;                 // required
  std::string port_name;             // required, must name an exposed port
  std::optional<ExposureMode> mode;
  bool operator==(const ExposureSpec&) const = default;
};

// `userSpec`: {user, group?}.
struct UserSpec {
  std::string user;                  // required (user name or uid)
  std::optional<std::string> group;
  bool operator==(const UserSpec&) const = default;
};

// `devices[]` are kept verbatim (DIRECT / DETAILED); only checked to be objects.
using DeviceSpec = nlohmann::json;

void to_json(nlohmann::json& j, const Executable& v);      // NOLINT
void from_json(const nlohmann::json& j, Executable& v);    // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, Executable* out);
void to_json(nlohmann::json& j, const PortSpec& v);        // NOLINT
void from_json(const nlohmann::json& j, PortSpec& v);      // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, PortSpec* out);
void to_json(nlohmann::json& j, const MountedVolume& v);   // NOLINT
void from_json(const nlohmann::json& j, MountedVolume& v); // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, MountedVolume* out);
void to_json(nlohmann::json& j, const LoggingSpec& v);     // NOLINT
void from_json(const nlohmann::json& j, LoggingSpec& v);   // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, LoggingSpec* out);
void to_json(nlohmann::json& j, const ExposureSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, ExposureSpec& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ExposureSpec* out);
void to_json(nlohmann::json& j, const UserSpec& v);        // NOLINT
void from_json(const nlohmann::json& j, UserSpec& v);      // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, UserSpec* out);
// Placement policies are read through ParsePlacementPolicy (placement_policy.h).
void ReadJson(const nlohmann::json& j, const std::string& path, PlacementPolicy* out);
// Devices: each element must be an object with a string `type` (DIRECT or DETAILED).
std::vector<DeviceSpec> ReadDevices(const nlohmann::json& j, const std::string& path);

}  // namespace drove::core
