// JSON mapping and masking of config specs and HTTP call specs.
#include "orchestrator/core/model/configs.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const HttpCallSpec& v) {
  j = nlohmann::json::object();
  SetIfPresent(j, "protocol", v.protocol);
  j["hostname"] = v.hostname;
  j["port"] = v.port;
  SetIfPresent(j, "path", v.path);
  SetIfPresent(j, "verb", v.verb);
  SetIfPresent(j, "successCodes", v.success_codes);
  SetIfPresent(j, "payload", v.payload);
  SetIfPresent(j, "connectionTimeout", v.connection_timeout);
  SetIfPresent(j, "operationTimeout", v.operation_timeout);
  SetIfPresent(j, "username", v.username);
  SetIfPresent(j, "password", v.password);
  SetIfPresent(j, "authHeader", v.auth_header);
  SetIfPresent(j, "headers", v.headers);
  j["insecure"] = v.insecure;
}

void ReadJson(const nlohmann::json& j, const std::string& path, HttpCallSpec* out) {
  ObjectReader r(j, path);
  HttpCallSpec v;
  v.protocol = r.Opt<Protocol>("protocol");
  v.hostname = r.String("hostname");
  v.port = r.Int32("port");
  v.path = r.OptString("path");
  v.verb = r.Opt<HttpVerb>("verb");
  v.success_codes = r.OptList<int32_t>("successCodes");
  v.payload = r.OptString("payload");
  v.connection_timeout = r.Opt<Duration>("connectionTimeout");
  v.operation_timeout = r.Opt<Duration>("operationTimeout");
  v.username = r.OptString("username");
  v.password = r.OptString("password");
  v.auth_header = r.OptString("authHeader");
  v.headers = r.OptStringMap("headers");
  v.insecure = r.Bool("insecure");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, HttpCallSpec& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ConfigSpec& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  j["localFilename"] = v.local_filename;
  switch (v.type) {
    case ConfigType::kInline:
      j["data"] = v.data;
      break;
    case ConfigType::kExecutorLocalFile:
      j["filePathOnHost"] = v.file_path_on_host;
      break;
    case ConfigType::kControllerHttpFetch:
    case ConfigType::kExecutorHttpFetch:
      SetIfPresent(j, "http", v.http);
      break;
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, ConfigSpec* out) {
  ObjectReader r(j, path);
  ConfigSpec v;
  v.type = static_cast<ConfigType>(r.Discriminator(
      {"INLINE", "EXECUTOR_LOCAL_FILE", "CONTROLLER_HTTP_FETCH", "EXECUTOR_HTTP_FETCH"}));
  v.local_filename = r.String("localFilename");
  switch (v.type) {
    case ConfigType::kInline:
      v.data = r.String("data");
      break;
    case ConfigType::kExecutorLocalFile:
      v.file_path_on_host = r.String("filePathOnHost");
      break;
    case ConfigType::kControllerHttpFetch:
    case ConfigType::kExecutorHttpFetch:
      v.http = r.Opt<HttpCallSpec>("http");
      break;
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ConfigSpec& v) { ReadJson(j, "", &v); }

ConfigSpec MaskConfigSpec(const ConfigSpec& config) {
  ConfigSpec masked = config;
  if (masked.type == ConfigType::kInline) masked.data = "";
  if (masked.http) {
    masked.http->username = "***";
    masked.http->password = "***";
    masked.http->auth_header = "***";
    // Beyond Drove: a credential sent as a header (Authorization, an API key) or in a request
    // body (a token exchange) is as secret as authHeader.
    if (masked.http->headers) {
      for (auto& [name, value] : *masked.http->headers) value = "***";
    }
    if (masked.http->payload && !masked.http->payload->empty()) masked.http->payload = "***";
  }
  return masked;
}

}  // namespace drove::core
