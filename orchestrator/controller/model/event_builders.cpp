// Builds event metadata maps from app and local-service records, InstanceInfo and TaskInfo.
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
std::string InstancePorts(const core::InstanceInfo& info) {
  std::string out;
  if (!info.local_info) return out;
  for (const auto& [name, port] : info.local_info->ports) {
    if (!out.empty()) out += ",";
    out += name + ":" + std::to_string(port.host_port) + ":" +
           Lower(std::string(core::ToString(port.port_type)));
  }
  return out;
}

void PutError(const std::string& error, json* metadata) {
  if (!error.empty()) (*metadata)["ERROR"] = error;
}

}  // namespace

// What app and local-service events say of the spec (name, version and ids come from the caller).
json SpecMetadata(const json& spec) {
  SpecFacts facts = ReadSpecFacts(spec);
  return json{{"EXECUTABLE", spec.contains("executable") ? StrField(spec["executable"], "url") : ""},
              {"CPU_COUNT", facts.cores},
              {"MEMORY", facts.memory_mb},
              {"PLACEMENT_POLICY", core::PlacementPolicyTypeName(facts.policy.type)},
              {"PORTS", SpecPorts(spec)}};
}

json AppEventMetadata(const AppRecord& app) {
  const json& spec = app.spec;
  json m = SpecMetadata(spec);
  m["APP_ID"] = app.app_id;
  m["APP_NAME"] = StrField(spec, "name");
  m["APP_VERSION"] = StrField(spec, "version");
  m["CURRENT_INSTANCES"] = app.instances;
  m["CURRENT_STATE"] = core::ToString(app.state);
  if (auto exposure = spec.find("exposureSpec"); exposure != spec.end() && exposure->is_object()) {
    m["VHOST"] = StrField(*exposure, "vhost");
  }
  return m;
}

json LocalServiceEventMetadata(const LocalServiceRecord& service) {
  const json spec = service.info.spec;
  json m = SpecMetadata(spec);
  m["LOCAL_SERVICE_ID"] = service.info.service_id;
  m["LOCAL_SERVICE_NAME"] = service.info.spec.name;
  m["LOCAL_SERVICE_VERSION"] = service.info.spec.version;
  m["CURRENT_INSTANCES_PER_HOST"] = service.info.instances_per_host;
  m["CURRENT_STATE"] = core::ToString(service.state);
  return m;
}

json InstanceEventMetadata(const core::InstanceInfo& info) {
  json m{{"APP_ID", info.app_id},
         {"APP_NAME", info.app_name},
         {"INSTANCE_ID", info.instance_id},
         {"EXECUTOR_ID", info.executor_id},
         {"EXECUTOR_HOST", info.local_info ? info.local_info->hostname : ""},
         {"PORTS", InstancePorts(info)},
         {"CURRENT_STATE", core::ToString(info.state)},
         {"CREATED", info.created}};
  PutError(info.error_message, &m);
  return m;
}

json ServiceInstanceEventMetadata(const core::InstanceInfo& info) {
  json m = InstanceEventMetadata(info);
  m["SERVICE_ID"] = std::move(m["APP_ID"]);
  m["SERVICE_NAME"] = std::move(m["APP_NAME"]);
  m.erase("APP_ID");
  m.erase("APP_NAME");
  return m;
}

json TaskEventMetadata(const core::TaskInfo& info) {
  json m{{"APP_NAME", info.source_app_name},
         {"TASK_ID", info.task_id},
         {"INSTANCE_ID", info.instance_id},
         {"EXECUTOR_ID", info.executor_id},
         {"EXECUTOR_HOST", info.hostname},
         {"EXECUTABLE", info.executable.url},
         {"CURRENT_STATE", core::ToString(info.state)},
         {"CREATED", info.created}};
  PutError(info.error_message, &m);
  if (info.task_result) {
    m["RESULT_STATUS"] = core::ToString(info.task_result->status);
    m["RESULT_EXIT_CODE"] = info.task_result->exit_code;
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
