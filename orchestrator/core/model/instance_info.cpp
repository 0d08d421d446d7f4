// JSON mapping of instance infos.
#include "orchestrator/core/model/instance_info.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

// The fields shared by app and local-service instances, after the id fields.
template <typename T>
void WriteCommon(nlohmann::json& j, const T& v) {
  j["instanceId"] = v.instance_id;
  j["executorId"] = v.executor_id;
  SetIfPresent(j, "localInfo", v.local_info);
  j["resources"] = v.resources;
  j["state"] = v.state;
  j["metadata"] = v.metadata;
  j["errorMessage"] = v.error_message;
  j["created"] = v.created;
  j["updated"] = v.updated;
}

template <typename T>
void ReadCommon(const ObjectReader& r, T* v) {
  v->instance_id = r.String("instanceId");
  v->executor_id = r.String("executorId");
  v->local_info = r.template Opt<LocalInfo>("localInfo");
  v->resources = r.template List<ResourceAllocation>("resources");
  v->state = r.template Get<InstanceState>("state", InstanceState::kUnknown);
  v->metadata = r.StringMap("metadata");
  v->error_message = r.String("errorMessage");
  v->created = r.Int64("created");
  v->updated = r.Int64("updated");
}

}  // namespace

void to_json(nlohmann::json& j, const InstancePort& v) {
  j = nlohmann::json{{"containerPort", v.container_port},
                     {"hostPort", v.host_port},
                     {"portType", v.port_type}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, InstancePort* out) {
  ObjectReader r(j, path);
  out->container_port = r.Int32("containerPort");
  out->host_port = r.Int32("hostPort");
  out->port_type = r.Get<PortType>("portType", PortType::kHttp);
}

void from_json(const nlohmann::json& j, InstancePort& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const LocalInfo& v) {
  j = nlohmann::json::object();
  j["hostname"] = v.hostname;
  j["ports"] = nlohmann::json::object();
  for (const auto& [name, port] : v.ports) j["ports"][name] = port;
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalInfo* out) {
  ObjectReader r(j, path);
  LocalInfo v;
  v.hostname = r.String("hostname");
  if (const auto* ports = r.Find("ports")) {
    std::string ports_path = r.PathOf("ports");
    RequireObject(*ports, ports_path);
    for (auto it = ports->begin(); it != ports->end(); ++it) {
      ReadJson(it.value(), JoinPath(ports_path, it.key()), &v.ports[it.key()]);
    }
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalInfo& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const InstanceInfo& v) {
  j = nlohmann::json::object();
  j["appId"] = v.app_id;
  j["appName"] = v.app_name;
  WriteCommon(j, v);
}

void ReadJson(const nlohmann::json& j, const std::string& path, InstanceInfo* out) {
  ObjectReader r(j, path);
  InstanceInfo v;
  v.app_id = r.String("appId");
  v.app_name = r.String("appName");
  ReadCommon(r, &v);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, InstanceInfo& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const LocalServiceInstanceInfo& v) {
  j = nlohmann::json::object();
  j["serviceId"] = v.service_id;
  j["serviceName"] = v.service_name;
  WriteCommon(j, v);
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceInstanceInfo* out) {
  ObjectReader r(j, path);
  LocalServiceInstanceInfo v;
  v.service_id = r.String("serviceId");
  v.service_name = r.String("serviceName");
  ReadCommon(r, &v);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalServiceInstanceInfo& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
