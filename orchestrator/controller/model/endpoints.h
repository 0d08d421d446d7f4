// The service-discovery view (drove-api.md 2.5): exposed apps and their HEALTHY hosts.
#pragma once

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/records.h"

namespace drove::controller {

// appId -> instanceId -> InstanceInfo (the live instances of each app).
using InstancesByApp = std::map<std::string, std::map<std::string, nlohmann::json>>;

// Which apps an update may have changed (ModelState records them as it mutates).
struct TouchedApps {
  bool all = false;            // e.g. after Load: re-derive every app
  std::set<std::string> ids;
  bool empty() const { return !all && ids.empty(); }
};

// The view kept per app, so an update re-derives only the apps it touched: with thousands of apps
// a full rebuild on every model update (instance reports, engine ticks) would hold the model lock
// for milliseconds each time.
class EndpointsView {
 public:
  // Re-derives the items of the touched apps; true when the view changed.
  bool Refresh(const std::map<std::string, AppRecord>& apps, const InstancesByApp& instances,
               const TouchedApps& touched);
  // ExposedAppInfo[] sorted by appId; each app's hosts sorted by instance `created`, each host
  // with Drove's host/port/portType plus `portName` (the exposure port's name).
  nlohmann::json ToJson() const;

 private:
  bool RefreshApp(const std::string& app_id, const std::map<std::string, AppRecord>& apps,
                  const InstancesByApp& instances);

  std::map<std::string, nlohmann::json> items_;  // appId -> ExposedAppInfo, exposed apps only
};

}  // namespace drove::controller
