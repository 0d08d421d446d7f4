// DroveClient: drove-cli's request helpers and its envelope/error rules, over an injected transport.
#include "orchestrator/cli/drove_client.h"

#include <fstream>

#include "orchestrator/core/util/base64.h"

namespace drove::cli {

std::string FormatDroveError(const DroveError& error) {
  const Json& response = error.api_response();
  if (response.is_object() && response.contains("message") && response.contains("status")) {
    std::string line = "Error: [" + std::to_string(error.status_code()) + " - " +
                       PyStr(response["status"]) + "] " + PyStr(response["message"]);
    if (response.contains("data") && response["data"].is_object() &&
        response["data"].contains("validationErrors") &&
        response["data"]["validationErrors"].is_array()) {
      std::string joined;
      for (const auto& item : response["data"]["validationErrors"]) {
        joined += (joined.empty() ? "" : "; ") + PyStr(item);
      }
      if (!joined.empty()) line += ": " + joined;
    }
    return line;
  }
  return std::string("Error making Drove call: ") + error.what();
}

Json HandleEnvelope(int http_status, const std::string& body) {
  Json response;
  bool parsed = false;
  if (!body.empty()) {
    response = Json::parse(body, nullptr, false);
    parsed = !response.is_discarded();
    if (!parsed) response = Json();
  }
  if (http_status != 200) {
    throw DroveError(http_status,
                     "Drove call failed with status code: " + std::to_string(http_status) +
                         ", error: " + body,
                     response);
  }
  if (!parsed) {
    throw DroveError(http_status, body.empty() ? "Drove call failed with status code: 200"
                                               : body);
  }
  if (!response.is_object() || !response.contains("status")) throw DroveError(http_status, body);
  if (response["status"] != "SUCCESS") {
    std::string message = response.contains("message") ? PyStr(response["message"]) : "";
    throw DroveError(http_status, message, response);
  }
  return response.contains("data") ? response["data"] : response;
}

std::map<std::string, std::string> AuthHeaders(const ConnectionSettings& settings) {
  if (!settings.username.empty() && !settings.password.empty()) {
    return {{"Authorization",
             "Basic " + core::Base64Encode(settings.username + ":" + settings.password)}};
  }
  if (!settings.auth_header.empty()) return {{"Authorization", settings.auth_header}};
  return {};
}

std::string EncodeSegment(const std::string& segment) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : segment) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

DroveClient::DroveClient(Transport transport, std::string path_prefix,
                         std::map<std::string, std::string> headers)
    : transport_(std::move(transport)), path_prefix_(std::move(path_prefix)),
      headers_(std::move(headers)) {}

core::HttpResponse DroveClient::Send(const std::string& method, const std::string& path,
                                     const std::string* body) {
  core::HttpRequest request;
  request.method = method;
  request.target = path_prefix_ + path;
  request.headers = headers_;
  request.headers["Accept"] = "application/json";
  if (body != nullptr) {
    request.body = *body;
    request.headers["Content-Type"] = "application/json";
  }
  auto response = transport_(request);
  if (!response.ok()) {
    throw DroveError(-1, "Error connecting to endpoint: " + response.error());
  }
  return std::move(response).value();
}

Json DroveClient::Get(const std::string& path) {
  auto response = Send("GET", path, nullptr);
  return HandleEnvelope(response.status, response.body);
}

Json DroveClient::Post(const std::string& path, const Json& body) {
  std::string text = body.dump();
  auto response = Send("POST", path, &text);
  return HandleEnvelope(response.status, response.body);
}

Json DroveClient::PostNoBody(const std::string& path) {
  auto response = Send("POST", path, nullptr);
  return HandleEnvelope(response.status, response.body);
}

Json DroveClient::GetRaw(const std::string& path) {
  auto response = Send("GET", path, nullptr);
  if (response.status != 200) {
    throw DroveError(response.status,
                     "Drove call failed with status: " + std::to_string(response.status));
  }
  Json parsed = Json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) throw DroveError(response.status, "Invalid JSON: " + response.body);
  return parsed;
}

int64_t DroveClient::Download(const std::string& path, const std::string& file_name) {
  auto response = Send("GET", path, nullptr);
  if (response.status != 200) {
    throw DroveError(response.status,
                     "Drove call failed with status: " + std::to_string(response.status));
  }
  std::ofstream out(file_name, std::ios::binary | std::ios::trunc);
  out.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
  if (!out) throw DroveError(-1, "Cannot write " + file_name);
  return static_cast<int64_t>(response.body.size());
}

std::set<std::string> DroveClient::InstanceIds(const std::string& instances_path,
                                               bool healthy_only) {
  Json data = Get(instances_path);
  std::set<std::string> ids;
  if (!data.is_array()) return ids;
  for (const auto& instance : data) {
    if (healthy_only && instance.value("state", "") != "HEALTHY") continue;
    ids.insert(instance.value("instanceId", ""));
  }
  return ids;
}

}  // namespace drove::cli
