// JSON mapping of the read-side summary models.
#include "orchestrator/core/model/summaries.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const AppSummary& v) {
  j = nlohmann::json::object();
  j["id"] = v.id;
  j["name"] = v.name;
  j["requiredInstances"] = v.required_instances;
  j["healthyInstances"] = v.healthy_instances;
  j["totalCPUs"] = v.total_cpus;
  j["totalMemory"] = v.total_memory;
  SetIfPresent(j, "tags", v.tags);
  j["state"] = v.state;
  j["created"] = v.created;
  j["updated"] = v.updated;
}

void ReadJson(const nlohmann::json& j, const std::string& path, AppSummary* out) {
  ObjectReader r(j, path);
  AppSummary v;
  v.id = r.String("id");
  v.name = r.String("name");
  v.required_instances = r.Int64("requiredInstances");
  v.healthy_instances = r.Int64("healthyInstances");
  v.total_cpus = r.Int64("totalCPUs");
  v.total_memory = r.Int64("totalMemory");
  v.tags = r.OptStringMap("tags");
  v.state = r.Get<ApplicationState>("state", ApplicationState::kInit);
  v.created = r.Int64("created");
  v.updated = r.Int64("updated");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, AppSummary& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ApplicationInfo& v) {
  j = nlohmann::json{{"appId", v.app_id},
                     {"spec", v.spec},
                     {"instances", v.instances},
                     {"created", v.created},
                     {"updated", v.updated}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationInfo* out) {
  ObjectReader r(j, path);
  ApplicationInfo v;
  v.app_id = r.String("appId");
  v.spec = r.Get<ApplicationSpec>("spec");
  v.instances = r.Int64("instances");
  v.created = r.Int64("created");
  v.updated = r.Int64("updated");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ApplicationInfo& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ClusterSummary& v) {
  j = nlohmann::json::object();
  j["leader"] = v.leader;
  j["state"] = v.state;
  j["numExecutors"] = v.num_executors;
  j["numApplications"] = v.num_applications;
  j["numActiveApplications"] = v.num_active_applications;
  j["numActiveTasks"] = v.num_active_tasks;
  j["numLocalServices"] = v.num_local_services;
  j["numActiveLocalServices"] = v.num_active_local_services;
  j["freeCores"] = v.free_cores;
  j["usedCores"] = v.used_cores;
  j["totalCores"] = v.total_cores;
  j["freeMemory"] = v.free_memory;
  j["usedMemory"] = v.used_memory;
  j["totalMemory"] = v.total_memory;
}

void ReadJson(const nlohmann::json& j, const std::string& path, ClusterSummary* out) {
  ObjectReader r(j, path);
  ClusterSummary v;
  v.leader = r.String("leader");
  v.state = r.Get<ClusterState>("state", ClusterState::kNormal);
  v.num_executors = r.Int32("numExecutors");
  v.num_applications = r.Int32("numApplications");
  v.num_active_applications = r.Int32("numActiveApplications");
  v.num_active_tasks = r.Int32("numActiveTasks");
  v.num_local_services = r.Int32("numLocalServices");
  v.num_active_local_services = r.Int32("numActiveLocalServices");
  v.free_cores = r.Int32("freeCores");
  v.used_cores = r.Int32("usedCores");
  v.total_cores = r.Int32("totalCores");
  v.free_memory = r.Int64("freeMemory");
  v.used_memory = r.Int64("usedMemory");
  v.total_memory = r.Int64("totalMemory");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ClusterSummary& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ClusterStateData& v) {
  j = nlohmann::json{{"state", v.state}, {"updated", v.updated}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, ClusterStateData* out) {
  ObjectReader r(j, path);
  out->state = r.Get<ClusterState>("state", ClusterState::kNormal);
  out->updated = r.Int64("updated");
}

void from_json(const nlohmann::json& j, ClusterStateData& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExecutorSummary& v) {
  j = nlohmann::json::object();
  j["executorId"] = v.executor_id;
  j["hostname"] = v.hostname;
  j["port"] = v.port;
  j["transportType"] = v.transport_type;
  j["freeCores"] = v.free_cores;
  j["usedCores"] = v.used_cores;
  j["freeMemory"] = v.free_memory;
  j["usedMemory"] = v.used_memory;
  j["tags"] = v.tags;
  j["state"] = v.state;
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorSummary* out) {
  ObjectReader r(j, path);
  ExecutorSummary v;
  v.executor_id = r.String("executorId");
  v.hostname = r.String("hostname");
  v.port = r.Int32("port");
  v.transport_type = r.Get<NodeTransportType>("transportType", NodeTransportType::kHttp);
  v.free_cores = r.Int32("freeCores");
  v.used_cores = r.Int32("usedCores");
  v.free_memory = r.Int64("freeMemory");
  v.used_memory = r.Int64("usedMemory");
  v.tags = r.List<std::string>("tags");
  v.state = r.Get<ExecutorState>("state", ExecutorState::kActive);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExecutorSummary& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const BlacklistOperationResponse& v) {
  j = nlohmann::json::object();
  j["successful"] = v.successful;
  j["failed"] = v.failed;
  j["approxCompletionTimeMs"] = v.approx_completion_time_ms;
  SetIfPresent(j, "message", v.message);
}

void ReadJson(const nlohmann::json& j, const std::string& path, BlacklistOperationResponse* out) {
  ObjectReader r(j, path);
  BlacklistOperationResponse v;
  v.successful = r.List<std::string>("successful");
  v.failed = r.List<std::string>("failed");
  v.approx_completion_time_ms = r.Int64("approxCompletionTimeMs");
  v.message = r.OptString("message");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, BlacklistOperationResponse& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExposedHost& v) {
  j = nlohmann::json{{"host", v.host}, {"port", v.port}, {"portType", v.port_type}};
  if (!v.port_name.empty()) j["portName"] = v.port_name;
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExposedHost* out) {
  ObjectReader r(j, path);
  out->host = r.String("host");
  out->port = r.Int32("port");
  out->port_type = r.Get<PortType>("portType", PortType::kHttp);
  out->port_name = r.String("portName");
}

void from_json(const nlohmann::json& j, ExposedHost& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExposedAppInfo& v) {
  j = nlohmann::json::object();
  j["appName"] = v.app_name;
  j["appId"] = v.app_id;
  j["vhost"] = v.vhost;
  SetIfPresent(j, "tags", v.tags);
  j["hosts"] = v.hosts;
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExposedAppInfo* out) {
  ObjectReader r(j, path);
  ExposedAppInfo v;
  v.app_name = r.String("appName");
  v.app_id = r.String("appId");
  v.vhost = r.String("vhost");
  v.tags = r.OptStringMap("tags");
  v.hosts = r.List<ExposedHost>("hosts");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExposedAppInfo& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
