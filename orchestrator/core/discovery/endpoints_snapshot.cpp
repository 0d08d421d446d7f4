// Strict reading of GET /apis/v1/endpoints: the edge must never act on a half-understood view, so
// every problem is refused with the JSON path that caused it.
#include "orchestrator/core/discovery/endpoints_snapshot.h"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

#include "orchestrator/core/model/json_fields.h"

namespace drove::discovery {
namespace {

using core::ExposedAppInfo;
using core::ExposedHost;
using nlohmann::json;

// Thrown inside this file only; ParseEndpointsResponse turns it into an error Result.
struct Refusal {
  std::string message;
};

[[noreturn]] void Refuse(const std::string& path, const std::string& problem) {
  throw Refusal{path + ": " + problem};
}

const json* Member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string RequiredString(const json& object, const std::string& path, const char* key) {
  const json* value = Member(object, key);
  if (value == nullptr) Refuse(path, std::string("no ") + key);
  if (!value->is_string())
    Refuse(path + "." + key, "expected string, got " + core::JsonTypeName(*value));
  return value->get<std::string>();
}

ExposedHost ReadHost(const json& item, const std::string& path) {
  if (!item.is_object()) Refuse(path, "expected object, got " + core::JsonTypeName(item));
  ExposedHost host;
  host.host = RequiredString(item, path, "host");
  if (host.host.empty()) Refuse(path + ".host", "empty host name");
  const json* port = Member(item, "port");
  if (port == nullptr) Refuse(path, "no port");
  if (!port->is_number_integer()) Refuse(path + ".port", "expected integer, got " + port->dump());
  int64_t number = port->get<int64_t>();
  if (number < 1 || number > 65535)
    Refuse(path + ".port", std::to_string(number) + " outside 1..65535");
  host.port = static_cast<int32_t>(number);
  if (const json* type = Member(item, "portType")) {
    try {
      core::ReadJson(*type, path + ".portType", &host.port_type);
    } catch (const std::exception& e) {
      Refuse(path + ".portType", e.what());
    }
  }
  // Our controller's addition (the exposure port's name); a stock Drove controller omits it.
  if (Member(item, "portName") != nullptr) host.port_name = RequiredString(item, path, "portName");
  return host;
}

ExposedAppInfo ReadApp(const json& item, const std::string& path) {
  if (!item.is_object()) Refuse(path, "expected object, got " + core::JsonTypeName(item));
  ExposedAppInfo app;
  app.app_id = RequiredString(item, path, "appId");
  app.vhost = RequiredString(item, path, "vhost");
  if (Member(item, "appName") != nullptr) app.app_name = RequiredString(item, path, "appName");
  if (const json* tags = Member(item, "tags")) {
    if (!tags->is_object())
      Refuse(path + ".tags", "expected object, got " + core::JsonTypeName(*tags));
    std::map<std::string, std::string> values;
    for (const auto& [key, value] : tags->items()) {
      if (!value.is_string())
        Refuse(path + ".tags." + key, "expected string, got " + core::JsonTypeName(value));
      values.emplace(key, value.get<std::string>());
    }
    app.tags = std::move(values);
  }
  // Drove sends `[]` for an app without healthy instances; an absent list means the same.
  if (const json* hosts = Member(item, "hosts")) {
    if (!hosts->is_array())
      Refuse(path + ".hosts", "expected list, got " + core::JsonTypeName(*hosts));
    app.hosts.reserve(hosts->size());
    for (size_t i = 0; i < hosts->size(); ++i) {
      app.hosts.push_back(ReadHost((*hosts)[i], path + ".hosts[" + std::to_string(i) + "]"));
    }
  }
  return app;
}

std::vector<ExposedAppInfo> ReadEnvelope(std::string_view body) {
  json root = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) Refuse("body", "invalid JSON");
  if (!root.is_object()) Refuse("body", "expected object, got " + core::JsonTypeName(root));
  const json* status = Member(root, "status");
  if (status == nullptr || !status->is_string()) Refuse("status", "missing or not a string");
  if (*status != "SUCCESS") {
    const json* message = Member(root, "message");
    std::string text =
        message != nullptr && message->is_string() ? message->get<std::string>() : "";
    Refuse("status", status->get<std::string>() + (text.empty() ? "" : " (" + text + ")"));
  }
  const json* data = Member(root, "data");
  if (data == nullptr) Refuse("data", "missing");
  if (!data->is_array()) Refuse("data", "expected list, got " + core::JsonTypeName(*data));
  std::vector<ExposedAppInfo> apps;
  apps.reserve(data->size());
  for (size_t i = 0; i < data->size(); ++i) {
    apps.push_back(ReadApp((*data)[i], "data[" + std::to_string(i) + "]"));
  }
  std::stable_sort(apps.begin(), apps.end(), [](const ExposedAppInfo& a, const ExposedAppInfo& b) {
    return a.app_id < b.app_id;
  });
  return apps;
}

}  // namespace

core::Result<std::vector<core::ExposedAppInfo>> ParseEndpointsResponse(std::string_view body) {
  using ResultT = core::Result<std::vector<ExposedAppInfo>>;
  try {
    return ReadEnvelope(body);
  } catch (const Refusal& refusal) {
    return ResultT::Error("bad endpoints response: " + refusal.message);
  } catch (const std::exception& e) {
    return ResultT::Error(std::string("bad endpoints response: ") + e.what());
  }
}

}  // namespace drove::discovery
