// The service-discovery view (drove-api.md 2.5): exposed apps and their HEALTHY hosts.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/records.h"

namespace drove::controller {

// appId -> instanceId -> InstanceInfo (the live instances of each app).
using InstancesByApp = std::map<std::string, std::map<std::string, nlohmann::json>>;

// ExposedAppInfo[] sorted by appId; each app's hosts sorted by instance `created`.
nlohmann::json BuildEndpoints(const std::map<std::string, AppRecord>& apps,
                              const InstancesByApp& instances);

}  // namespace drove::controller
