// Which ids an epoch audit line carries: path parameters by name, a topology's `name` in create
// and update bodies, and the run id a run-now answers with.
#include "orchestrator/epoch/api/epoch_audit.h"

#include <nlohmann/json.hpp>

namespace drove::epoch::api {
namespace {

using nlohmann::json;

// Path parameter -> audit key.
const std::pair<const char*, const char*> kPathIds[] = {
    {"id", "topologyId"}, {"runId", "runId"}, {"taskName", "taskName"}};

void Put(std::map<std::string, std::string>* ids, const std::string& key, const json& value) {
  if (value.is_string() && !value.get<std::string>().empty()) {
    ids->emplace(key, value.get<std::string>());
  }
}

json Parsed(const std::string& text) {
  return text.empty() ? json() : json::parse(text, nullptr, false);
}

}  // namespace

core::AuditRecord MakeAuditRecord(const core::Request& request, const EpochPrincipal* principal,
                                  int status, const std::string& reply_body) {
  core::AuditRecord record{.user = principal ? principal->name : "",
                           .role = principal ? std::string(RoleName(principal->role)) : "",
                           .auth = principal ? std::string(principal->scheme) : "none",
                           .remote = request.remote_address,
                           .method = request.method,
                           .path = request.path,
                           .status = status};
  for (const auto& [param, key] : kPathIds) {
    auto it = request.path_params.find(param);
    if (it != request.path_params.end()) Put(&record.ids, key, it->second);
  }
  // Creates and full updates name their topology in the body; an anonymous body may be anything.
  if (principal != nullptr && !record.ids.count("topologyId")) {
    json body = Parsed(request.body);
    if (body.is_object()) Put(&record.ids, "topologyId", body.value("name", json()));
  }
  json reply = Parsed(reply_body);
  if (reply.is_object() && reply.contains("data") && reply["data"].is_object()) {
    Put(&record.ids, "runId", reply["data"].value("runId", json()));
  }
  return record;
}

}  // namespace drove::epoch::api
