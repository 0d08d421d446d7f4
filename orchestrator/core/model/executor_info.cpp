// JSON mapping of ExecutorNodeData and its nested resource snapshot.
#include "orchestrator/core/model/executor_info.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

CoreMap OptCoreMap(const ObjectReader& r, std::string_view key) {
  const nlohmann::json* v = r.Find(key);
  return v == nullptr ? CoreMap{} : ReadCoreMap(*v, r.PathOf(key));
}

MemoryMap OptMemoryMap(const ObjectReader& r, std::string_view key) {
  const nlohmann::json* v = r.Find(key);
  return v == nullptr ? MemoryMap{} : ReadMemoryMap(*v, r.PathOf(key));
}

}  // namespace

void to_json(nlohmann::json& j, const AvailableCpu& v) {
  j = nlohmann::json{{"type", ResourceType::kCpu},
                     {"freeCores", CoreMapToJson(v.free_cores)},
                     {"usedCores", CoreMapToJson(v.used_cores)}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, AvailableCpu* out) {
  ObjectReader r(j, path);
  out->free_cores = OptCoreMap(r, "freeCores");
  out->used_cores = OptCoreMap(r, "usedCores");
}

void from_json(const nlohmann::json& j, AvailableCpu& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const AvailableMemory& v) {
  j = nlohmann::json{{"type", ResourceType::kMemory},
                     {"freeMemory", MemoryMapToJson(v.free_memory)},
                     {"usedMemory", MemoryMapToJson(v.used_memory)}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, AvailableMemory* out) {
  ObjectReader r(j, path);
  out->free_memory = OptMemoryMap(r, "freeMemory");
  out->used_memory = OptMemoryMap(r, "usedMemory");
}

void from_json(const nlohmann::json& j, AvailableMemory& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const PhysicalLayout& v) {
  j = nlohmann::json{{"cores", CoreMapToJson(v.cores)}, {"memory", MemoryMapToJson(v.memory)}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, PhysicalLayout* out) {
  ObjectReader r(j, path);
  out->cores = OptCoreMap(r, "cores");
  out->memory = OptMemoryMap(r, "memory");
}

void from_json(const nlohmann::json& j, PhysicalLayout& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExecutorResourceSnapshot& v) {
  j = nlohmann::json::object();
  j["executorId"] = v.executor_id;
  j["cpus"] = v.cpus;
  j["memory"] = v.memory;
  SetIfPresent(j, "layout", v.layout);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorResourceSnapshot* out) {
  ObjectReader r(j, path);
  ExecutorResourceSnapshot v;
  v.executor_id = r.String("executorId");
  v.cpus = r.Get<AvailableCpu>("cpus");
  v.memory = r.Get<AvailableMemory>("memory");
  v.layout = r.Opt<PhysicalLayout>("layout");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExecutorResourceSnapshot& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const ExecutorNodeData& v) {
  j = nlohmann::json::object();
  j["type"] = "EXECUTOR";
  j["hostname"] = v.hostname;
  j["port"] = v.port;
  j["transportType"] = v.transport_type;
  j["updated"] = v.updated;
  j["state"] = v.state;
  j["instances"] = v.instances;
  j["tasks"] = v.tasks;
  j["serviceInstances"] = v.service_instances;
  j["tags"] = v.tags;
  j["metadata"] = v.metadata;
  j["executorState"] = v.executor_state;
}

void ReadJson(const nlohmann::json& j, const std::string& path, ExecutorNodeData* out) {
  ObjectReader r(j, path);
  if (r.Find("type") != nullptr) r.Discriminator({"EXECUTOR"});
  ExecutorNodeData v;
  v.hostname = r.String("hostname");
  v.port = r.Int32("port");
  v.transport_type = r.Get<NodeTransportType>("transportType", NodeTransportType::kHttp);
  v.updated = r.Int64("updated");
  v.state = r.Get<ExecutorResourceSnapshot>("state");
  v.instances = r.List<InstanceInfo>("instances");
  v.tasks = r.List<TaskInfo>("tasks");
  v.service_instances = r.List<LocalServiceInstanceInfo>("serviceInstances");
  v.tags = r.List<std::string>("tags");
  v.metadata = r.StringMap("metadata");
  v.executor_state = r.Get<ExecutorState>("executorState", ExecutorState::kActive);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ExecutorNodeData& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
