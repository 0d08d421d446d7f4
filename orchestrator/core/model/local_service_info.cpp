// JSON mapping of LocalServiceInfo and LocalServiceSummary, and the summary computation.
#include "orchestrator/core/model/local_service_info.h"

#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/model/resources.h"

namespace drove::core {

LocalServiceSummary SummarizeLocalService(const LocalServiceInfo& info, LocalServiceState state,
                                          const std::vector<LocalServiceInstanceInfo>& instances) {
  int64_t active = 0;
  int64_t healthy = 0;
  for (const LocalServiceInstanceInfo& instance : instances) {
    if (IsActive(instance.state)) ++active;
    if (instance.state == InstanceState::kHealthy) ++healthy;
  }
  LocalServiceSummary s;
  s.id = info.service_id;
  s.name = info.spec.name;
  s.instances_per_host = info.instances_per_host;
  s.healthy_instances = healthy;
  s.total_cpus = TotalCpus(info.spec.resources) * active;
  s.total_memory = TotalMemoryMb(info.spec.resources) * active;
  s.tags = info.spec.tags;
  s.activation_state = info.activation_state;
  s.state = state;
  s.created = info.created;
  s.updated = info.updated;
  return s;
}

void to_json(nlohmann::json& j, const LocalServiceInfo& v) {
  j = nlohmann::json{{"serviceId", v.service_id},
                     {"spec", v.spec},
                     {"instancesPerHost", v.instances_per_host},
                     {"activationState", v.activation_state},
                     {"created", v.created},
                     {"updated", v.updated}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceInfo* out) {
  ObjectReader r(j, path);
  LocalServiceInfo v;
  v.service_id = r.String("serviceId");
  v.spec = r.Get<LocalServiceSpec>("spec");
  v.instances_per_host = r.Int32("instancesPerHost");
  v.activation_state = r.Get<ActivationState>("activationState", ActivationState::kInactive);
  v.created = r.Int64("created");
  v.updated = r.Int64("updated");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalServiceInfo& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const LocalServiceSummary& v) {
  j = nlohmann::json::object();
  j["id"] = v.id;
  j["name"] = v.name;
  j["instancesPerHost"] = v.instances_per_host;
  j["healthyInstances"] = v.healthy_instances;
  j["totalCPUs"] = v.total_cpus;
  j["totalMemory"] = v.total_memory;
  SetIfPresent(j, "tags", v.tags);
  j["activationState"] = v.activation_state;
  j["state"] = v.state;
  j["created"] = v.created;
  j["updated"] = v.updated;
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceSummary* out) {
  ObjectReader r(j, path);
  LocalServiceSummary v;
  v.id = r.String("id");
  v.name = r.String("name");
  v.instances_per_host = r.Int64("instancesPerHost");
  v.healthy_instances = r.Int64("healthyInstances");
  v.total_cpus = r.Int64("totalCPUs");
  v.total_memory = r.Int64("totalMemory");
  v.tags = r.OptStringMap("tags");
  v.activation_state = r.Get<ActivationState>("activationState", ActivationState::kInactive);
  v.state = r.Get<LocalServiceState>("state", LocalServiceState::kInit);
  v.created = r.Int64("created");
  v.updated = r.Int64("updated");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalServiceSummary& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
