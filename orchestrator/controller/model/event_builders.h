// Metadata of the events the controller emits (drove-api.md section 4, keys and value types exact).
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/local_service_record.h"
#include "orchestrator/controller/model/records.h"

namespace drove::controller {

nlohmann::json AppEventMetadata(const AppRecord& app);
nlohmann::json InstanceEventMetadata(const core::InstanceInfo& info);
nlohmann::json LocalServiceEventMetadata(const LocalServiceRecord& service);
// A local-service instance (kept as InstanceInfo): SERVICE_ID and SERVICE_NAME for APP_ID/APP_NAME.
nlohmann::json ServiceInstanceEventMetadata(const core::InstanceInfo& info);
nlohmann::json TaskEventMetadata(const core::TaskInfo& info);
// EXECUTOR_ADDED and the three blacklisting events: EXECUTOR_ID, HOSTNAME, PORT.
nlohmann::json ExecutorEventMetadata(const ExecutorRecord& executor);
nlohmann::json ExecutorRemovedMetadata(const std::string& executor_id);

}  // namespace drove::controller
