// JSON mapping of check modes, check specs and pre-shutdown specs.
#include "orchestrator/core/model/checks.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const CheckModeSpec& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  if (v.type == CheckModeType::kHttp) {
    SetIfPresent(j, "protocol", v.protocol);
    j["portName"] = v.port_name;
    j["path"] = v.path;
    SetIfPresent(j, "verb", v.verb);
    j["successCodes"] = v.success_codes;
    SetIfPresent(j, "payload", v.payload);
    SetIfPresent(j, "connectionTimeout", v.connection_timeout);
    j["insecure"] = v.insecure;
  } else {
    j["command"] = v.command;
    j["shellDisabled"] = v.shell_disabled;
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, CheckModeSpec* out) {
  ObjectReader r(j, path);
  CheckModeSpec v;
  v.type = static_cast<CheckModeType>(r.Discriminator({"HTTP", "CMD"}));
  if (v.type == CheckModeType::kHttp) {
    v.protocol = r.Opt<Protocol>("protocol");
    v.port_name = r.String("portName");
    v.path = r.String("path");
    v.verb = r.Opt<HttpVerb>("verb");
    v.success_codes = r.List<int32_t>("successCodes");
    v.payload = r.OptString("payload");
    v.connection_timeout = r.Opt<Duration>("connectionTimeout");
    v.insecure = r.Bool("insecure");
  } else {
    v.command = r.String("command");
    v.shell_disabled = r.Bool("shellDisabled");
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, CheckModeSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const CheckSpec& v) {
  j = nlohmann::json::object();
  SetIfPresent(j, "mode", v.mode);
  SetIfPresent(j, "timeout", v.timeout);
  SetIfPresent(j, "interval", v.interval);
  j["attempts"] = v.attempts;
  SetIfPresent(j, "initialDelay", v.initial_delay);
}

void ReadJson(const nlohmann::json& j, const std::string& path, CheckSpec* out) {
  ObjectReader r(j, path);
  CheckSpec v;
  v.mode = r.Opt<CheckModeSpec>("mode");
  v.timeout = r.Opt<Duration>("timeout");
  v.interval = r.Opt<Duration>("interval");
  v.attempts = r.Int32("attempts");
  v.initial_delay = r.Opt<Duration>("initialDelay");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, CheckSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const PreShutdownSpec& v) {
  j = nlohmann::json::object();
  j["hooks"] = v.hooks;
  SetIfPresent(j, "waitBeforeKill", v.wait_before_kill);
}

void ReadJson(const nlohmann::json& j, const std::string& path, PreShutdownSpec* out) {
  ObjectReader r(j, path);
  PreShutdownSpec v;
  v.hooks = r.List<CheckModeSpec>("hooks");
  v.wait_before_kill = r.Opt<Duration>("waitBeforeKill");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, PreShutdownSpec& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
