// Config files injected into containers (`configs[]`): ConfigSpec by type, and HTTPCallSpec.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/model/enums.h"

namespace drove::core {

// A remote fetch (CONTROLLER_HTTP_FETCH / EXECUTOR_HTTP_FETCH). Absent optionals use the k* defaults.
struct HttpCallSpec {
  static constexpr std::string_view kDefaultPath = "/";
  static constexpr HttpVerb kDefaultVerb = HttpVerb::kGet;
  static constexpr int32_t kDefaultSuccessCode = 200;
  static Duration DefaultTimeout() { return Duration::Seconds(1); }

  std::optional<Protocol> protocol;
  std::string hostname;                              // required
  int32_t port = 0;                                  // 0..65535, 0 = protocol default
  std::optional<std::string> path;
  std::optional<HttpVerb> verb;
  std::optional<std::vector<int32_t>> success_codes; // `successCodes`
  std::optional<std::string> payload;
  std::optional<Duration> connection_timeout;        // `connectionTimeout`
  std::optional<Duration> operation_timeout;         // `operationTimeout`
  std::optional<std::string> username;               // masked
  std::optional<std::string> password;               // masked
  std::optional<std::string> auth_header;            // masked (`authHeader`)
  std::optional<std::map<std::string, std::string>> headers;
  bool insecure = false;

  bool operator==(const HttpCallSpec&) const = default;
};

// One `configs[]` entry. Only the fields of `type` are meaningful and emitted.
struct ConfigSpec {
  ConfigType type = ConfigType::kInline;
  std::string local_filename;          // required: path inside the container (`localFilename`)
  std::string data;                    // INLINE: base64 text, kept as sent
  std::string file_path_on_host;       // EXECUTOR_LOCAL_FILE (`filePathOnHost`)
  std::optional<HttpCallSpec> http;    // *_HTTP_FETCH

  bool operator==(const ConfigSpec&) const = default;
};

void to_json(nlohmann::json& j, const HttpCallSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, HttpCallSpec& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, HttpCallSpec* out);
void to_json(nlohmann::json& j, const ConfigSpec& v);      // NOLINT
void from_json(const nlohmann::json& j, ConfigSpec& v);    // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ConfigSpec* out);

// The one masked copy of a config for everything that leaves the controller's model (spec GETs,
// container labels): INLINE data -> "", HTTP username/password/authHeader -> "***" (set even
// when they were absent, as Drove does), and every header value and a non-empty payload ->
// "***" (Drove shows those).
ConfigSpec MaskConfigSpec(const ConfigSpec& config);

}  // namespace drove::core
