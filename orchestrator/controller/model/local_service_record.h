// A local service as the controller keeps it (drove-api.md 2.4): Drove's LocalServiceInfo, the
// service's LocalServiceState and the operation it runs, stored together as kind "localservice"
// (id serviceId), so a new leader resumes an operation where the last one left it.
//
// Local-service instances are kept as core::InstanceInfo (appId = serviceId, appName =
// serviceName, instanceId "SI-..."): the executor runs them as it runs app instances and reports
// them with the same messages; the controller tells them apart by the id prefix. They are stored
// (kind "lsinstance", parent serviceId) and served in Drove's LocalServiceInstanceInfo shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/local_service_info.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

inline constexpr std::string_view kServiceInstancePrefix = "SI-";
inline bool IsServiceInstanceId(std::string_view instance_id) {
  return instance_id.starts_with(kServiceInstancePrefix);
}

// The owner id the scheduler counts a service's instances under (apart from an app of the same id).
inline std::string ServiceSchedulerKey(const std::string& service_id) {
  return "localservice/" + service_id;
}

// The operation a service is running, as accepted (RESTART already turned into
// REPLACE_INSTANCES). `instance_ids` are the instances a replace or stop acts on, fixed when it
// is accepted (a replace of "all" lists the instances running then).
struct LocalServiceOpRecord {
  core::LocalServiceOperationType type = core::LocalServiceOperationType::kActivate;
  std::vector<std::string> instance_ids;
  bool stop_first = false;
  int parallelism = 1;
  int64_t timeout_ms = 300000;
  int64_t started = 0;  // controller ms
  bool operator==(const LocalServiceOpRecord&) const = default;
};

struct LocalServiceRecord {
  core::LocalServiceInfo info;
  core::LocalServiceState state = core::LocalServiceState::kInactive;
  std::optional<LocalServiceOpRecord> op;  // absent when the service is settled
  bool operator==(const LocalServiceRecord&) const = default;
};

nlohmann::json LocalServiceToJson(const LocalServiceRecord& record);
core::Result<LocalServiceRecord> LocalServiceFromJson(const nlohmann::json& j);

// Between the controller's InstanceInfo form and Drove's LocalServiceInstanceInfo (field names
// only: appId <-> serviceId, appName <-> serviceName).
core::LocalServiceInstanceInfo ToServiceInstance(const core::InstanceInfo& info);
core::InstanceInfo FromServiceInstance(const core::LocalServiceInstanceInfo& info);

}  // namespace drove::controller
