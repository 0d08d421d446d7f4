// Builds event metadata maps from app records, InstanceInfo and TaskInfo JSON.
#include "orchestrator/controller/model/event_builders.h"

#include <cctype>
#include <string>

namespace drove::controller {
namespace {

using nlohmann::json;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "name:port:proto,..." from the spec's exposedPorts (container ports).
std::string SpecPorts(const json& spec) {
  std::string out;
  auto it = spec.find("exposedPorts");
  if (it == spec.end() || !it->is_array()) return out;
  for (const auto& port : *it) {
    if (!out.empty()) out += ",";
    out += StrField(port, "name") + ":" + std::to_string(IntField(port, "port")) + ":" +
           Lower(StrField(port, "type"));
  }
  return out;
}

// "name:hostPort:proto,..." from an instance's localInfo.ports.
std::string InstancePorts(const json& info) {
  std::string out;
  auto local = info.find("localInfo");
  if (local == info.end() || !local->is_object()) return out;
  auto ports = local->find("ports");
  if (ports == local->end() || !ports->is_object()) return out;
  for (const auto& [name, port] : ports->items()) {
    if (!out.empty()) out += ",";
    out += name + ":" + std::to_string(IntField(port, "hostPort")) + ":" +
           Lower(StrField(port, "portType"));
  }
  return out;
}

std::string ExecutorHost(const json& info) {
  if (auto local = info.find("localInfo"); local != info.end() && local->is_object()) {
    return StrField(*local, "hostname");
  }
  return StrField(info, "hostname");
}

void PutError(const json& info, json* metadata) {
  std::string error = StrField(info, "errorMessage");
  if (!error.empty()) (*metadata)["ERROR"] = error;
}

}  // namespace

json AppEventMetadata(const AppRecord& app) {
  const json& spec = app.spec;
  SpecFacts facts = ReadSpecFacts(spec);
  json m{{"APP_ID", app.app_id},
         {"APP_NAME", StrField(spec, "name")},
         {"APP_VERSION", StrField(spec, "version")},
         {"EXECUTABLE", spec.contains("executable") ? StrField(spec["executable"], "url") : ""},
         {"CPU_COUNT", facts.cores},
         {"MEMORY", facts.memory_mb},
         {"PLACEMENT_POLICY", core::PlacementPolicyTypeName(facts.policy.type)},
         {"PORTS", SpecPorts(spec)},
         {"CURRENT_INSTANCES", app.instances},
         {"CURRENT_STATE", core::ToString(app.state)}};
  if (auto exposure = spec.find("exposureSpec"); exposure != spec.end() && exposure->is_object()) {
    m["VHOST"] = StrField(*exposure, "vhost");
  }
  return m;
}

json InstanceEventMetadata(const json& info) {
  json m{{"APP_ID", StrField(info, "appId")},
         {"APP_NAME", StrField(info, "appName")},
         {"INSTANCE_ID", StrField(info, "instanceId")},
         {"EXECUTOR_ID", StrField(info, "executorId")},
         {"EXECUTOR_HOST", ExecutorHost(info)},
         {"PORTS", InstancePorts(info)},
         {"CURRENT_STATE", StrField(info, "state")},
         {"CREATED", IntField(info, "created")}};
  PutError(info, &m);
  return m;
}

json TaskEventMetadata(const json& info) {
  json m{{"APP_NAME", StrField(info, "sourceAppName")},
         {"TASK_ID", StrField(info, "taskId")},
         {"INSTANCE_ID", StrField(info, "instanceId")},
         {"EXECUTOR_ID", StrField(info, "executorId")},
         {"EXECUTOR_HOST", StrField(info, "hostname")},
         {"EXECUTABLE", info.contains("executable") ? StrField(info["executable"], "url") : ""},
         {"CURRENT_STATE", StrField(info, "state")},
         {"CREATED", IntField(info, "created")}};
  PutError(info, &m);
  if (auto result = info.find("taskResult"); result != info.end() && result->is_object()) {
    m["RESULT_STATUS"] = StrField(*result, "status");
    m["RESULT_EXIT_CODE"] = IntField(*result, "exitCode");
  }
  return m;
}

json ExecutorEventMetadata(const ExecutorRecord& executor) {
  return json{{"EXECUTOR_ID", executor.executor_id},
              {"HOSTNAME", executor.hostname},
              {"PORT", executor.port}};
}

json ExecutorRemovedMetadata(const std::string& executor_id) {
  return json{{"EXECUTOR_ID", executor_id}};
}

}  // namespace drove::controller
