// Which ids an audit line carries: path parameters by name, blacklisting's `id` query, and the
// top-level ids of app, local-service and task operations (CREATE names its spec instead).
#include "orchestrator/controller/api/audit_record.h"

#include <nlohmann/json.hpp>

namespace drove::controller::api {
namespace {

using nlohmann::json;

// Path parameter -> audit key. `id` is an executor's (blacklisting, executor info).
const std::pair<const char*, const char*> kPathIds[] = {
    {"appId", "appId"},           {"serviceId", "serviceId"},
    {"instanceId", "instanceId"}, {"sourceAppName", "sourceAppName"},
    {"taskId", "taskId"},         {"id", "executorId"},
    {"executorId", "executorId"}, {"appName", "appName"}};

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string Text(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

void Put(std::map<std::string, std::string>* ids, const std::string& key,
         const std::string& value) {
  if (!value.empty()) ids->emplace(key, value);
}

// Ids in an operation body. CREATE carries a spec: an app's or service's id is name-version.
void BodyIds(const std::string& path, const std::string& text,
             std::map<std::string, std::string>* ids) {
  json body = json::parse(text, nullptr, false);
  if (!body.is_object()) return;
  const bool tasks = StartsWith(path, "/apis/v1/tasks");
  const bool services = StartsWith(path, "/apis/v1/localservices");
  Put(ids, "appId", Text(body, "appId"));
  Put(ids, "serviceId", Text(body, "serviceId"));
  Put(ids, "sourceAppName", Text(body, "sourceAppName"));
  Put(ids, "taskId", Text(body, "taskId"));
  auto spec = body.find("spec");
  if (spec == body.end() || !spec->is_object()) return;
  if (tasks) {
    Put(ids, "sourceAppName", Text(*spec, "sourceAppName"));
    Put(ids, "taskId", Text(*spec, "taskId"));
    return;
  }
  std::string name = Text(*spec, "name");
  std::string version = Text(*spec, "version");
  if (!name.empty() && !version.empty())
    Put(ids, services ? "serviceId" : "appId", name + "-" + version);
}

bool NamesOperations(const std::string& path) {
  for (std::string_view prefix : {"/apis/v1/applications", "/apis/v1/operations",
                                  "/apis/v1/localservices", "/apis/v1/tasks"}) {
    if (StartsWith(path, prefix)) return true;
  }
  return false;
}

}  // namespace

AuditRecord MakeAuditRecord(const ApiRequest& request, const Principal* principal, int status) {
  AuditRecord record;
  if (principal != nullptr) {
    record.user = principal->name;
    record.role = std::string(RoleName(*principal));
    record.auth = std::string(SchemeName(principal->scheme));
  } else {
    record.auth = std::string(SchemeName(AuthScheme::kNone));
  }
  record.remote = request.remote_address;
  record.method = request.method;
  record.path = request.path;
  record.status = status;
  for (const auto& [param, key] : kPathIds) {
    auto it = request.params.find(param);
    if (it != request.params.end()) Put(&record.ids, key, it->second);
  }
  std::string executors;
  for (const std::string& id : request.QueryAll("id"))
    executors += (executors.empty() ? "" : ",") + id;
  Put(&record.ids, "executorId", executors);
  // Only an authenticated caller's body is read: an anonymous one may be anything at all.
  if (principal != nullptr && !request.body.empty() && NamesOperations(request.path)) {
    BodyIds(request.path, request.body, &record.ids);
  }
  return record;
}

}  // namespace drove::controller::api
