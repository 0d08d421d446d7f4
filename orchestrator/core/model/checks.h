// Health/readiness checks: CheckModeSpec (HTTP | CMD), CheckSpec and PreShutdownSpec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/model/enums.h"

namespace drove::core {

// One check or hook. Only the fields of `type` are meaningful and emitted.
struct CheckModeSpec {
  CheckModeType type = CheckModeType::kHttp;
  // HTTP
  std::optional<Protocol> protocol;          // required in practice (the executor uses it)
  std::string port_name;                     // required, must be in exposedPorts (`portName`)
  std::string path;                          // required
  std::optional<HttpVerb> verb;              // required
  std::vector<int32_t> success_codes;        // required, non-empty (`successCodes`)
  std::optional<std::string> payload;
  std::optional<Duration> connection_timeout;  // `connectionTimeout`
  bool insecure = false;
  // CMD
  std::string command;                       // required
  bool shell_disabled = false;               // `shellDisabled`

  bool operator==(const CheckModeSpec&) const = default;
};

// `healthcheck` / `readiness`.
struct CheckSpec {
  std::optional<CheckModeSpec> mode;         // required
  std::optional<Duration> timeout;           // required
  std::optional<Duration> interval;          // required
  int32_t attempts = 0;                      // 1..100
  std::optional<Duration> initial_delay;     // `initialDelay`, 0 when absent

  bool operator==(const CheckSpec&) const = default;
};

// `preShutdown`: hooks run in sequence, then wait.
struct PreShutdownSpec {
  std::vector<CheckModeSpec> hooks;
  std::optional<Duration> wait_before_kill;  // `waitBeforeKill`, 0 when absent

  bool operator==(const PreShutdownSpec&) const = default;
};

void to_json(nlohmann::json& j, const CheckModeSpec& v);      // NOLINT
void from_json(const nlohmann::json& j, CheckModeSpec& v);    // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, CheckModeSpec* out);
void to_json(nlohmann::json& j, const CheckSpec& v);          // NOLINT
void from_json(const nlohmann::json& j, CheckSpec& v);        // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, CheckSpec* out);
void to_json(nlohmann::json& j, const PreShutdownSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, PreShutdownSpec& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, PreShutdownSpec* out);

}  // namespace drove::core
