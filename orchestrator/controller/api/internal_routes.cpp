// GET /apis/v1/internal/instances: sibling discovery for app instances (drove-api.md 2.7), as
// Drove's AppSupport resource answers it to the Hazelcast/Ignite discovery plugins.
#include <strings.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

using nlohmann::json;

constexpr const char* kNotAnInstance =
    "This api is applicable for calls by app instances from inside the cluster only";
constexpr const char* kInvalidToken =
    "Please send valid token for you app instance. The token value is available in the "
    "DROVE_APP_INSTANCE_AUTH_TOKEN environment variable";

// Drove's RUNNING_STATES, used when no `state` is given.
const std::set<std::string> kRunningStates = {"UNREADY", "READY", "HEALTHY"};

// A token is only as good as the instance it names: live (not stopped, lost or failed; a
// replacement is another instance) on the executor it names. One read of the in-memory model.
bool TokenMatchesInstance(ControllerCore* core, const InstanceTokenInfo& token) {
  auto instance = core->AppInstance(token.app_id, token.instance_id);
  if (!instance || !instance->is_object()) return false;
  auto state = core::ParseEnum<core::InstanceState>(instance->value("state", ""));
  return state && core::IsActive(*state) && instance->value("executorId", "") == token.executor_id;
}

// The caller's appId, or with forApp every appId that shares its app's name (none when the
// caller's app is gone, as in Drove).
std::set<std::string> RelevantAppIds(ControllerCore* core, const std::string& app_id,
                                     bool for_app) {
  if (!for_app) return {app_id};
  auto summary = core->AppSummary(app_id);
  if (!summary || !summary->is_object()) return {};
  const std::string name = summary->value("name", "");
  std::set<std::string> ids;
  json apps = json::parse(core->ListAppsJson(0, std::numeric_limits<int64_t>::max()));
  for (const auto& [id, app] : apps.items()) {
    if (app.is_object() && app.value("name", "") == name) ids.insert(id);
  }
  return ids;
}

// Instances of `app_ids` in `states`, sorted by instanceId.
json InstancesIn(ControllerCore* core, const std::set<std::string>& app_ids,
                 const std::set<std::string>& states) {
  // Old (inactive) instances are read only when a requested state can hold them.
  const bool want_old = std::any_of(states.begin(), states.end(), [](const std::string& s) {
    return !core::IsActive(*core::ParseEnum<core::InstanceState>(s));
  });
  std::vector<json> found;
  for (const std::string& app_id : app_ids) {
    for (bool old : {false, true}) {
      if (old && !want_old) continue;
      json instances = core->AppInstances(app_id, old);
      if (!instances.is_array()) continue;
      for (auto& instance : instances) {
        if (instance.is_object() && states.count(instance.value("state", ""))) {
          found.push_back(std::move(instance));
        }
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const json& a, const json& b) {
    return a.value("instanceId", "") < b.value("instanceId", "");
  });
  return json(std::move(found));
}

ApiResponse SiblingInstances(ControllerCore* core, const ApiRequest& request) {
  std::set<std::string> states;
  for (const auto& state : request.QueryAll("state")) {
    if (!core::ParseEnum<core::InstanceState>(state)) return NotFound();  // JAX-RS conversion
    states.insert(state);
  }
  if (states.empty()) states = kRunningStates;
  // JAX-RS reads a primitive boolean with Boolean.valueOf: "true" in any case, else false.
  const std::string for_app_text = request.Query("forApp").value_or("");
  const bool for_app = strcasecmp(for_app_text.c_str(), "true") == 0;
  if (request.principal.kind != PrincipalKind::kAppInstance) return SoftFailure(kNotAnInstance);
  const InstanceTokenInfo& token = request.principal.instance;
  if (!TokenMatchesInstance(core, token)) {
    DLOG_INFO("sibling discovery refused: token names no live instance on its executor",
              {{"appId", token.app_id},
               {"instanceId", token.instance_id},
               {"executorId", token.executor_id}});
    return SoftFailure(kInvalidToken);
  }
  return Success(InstancesIn(core, RelevantAppIds(core, token.app_id, for_app), states));
}

}  // namespace

void AddInternalRoutes(ControllerCore* core, std::vector<Route>* routes) {
  routes->push_back(
      {"GET", "/apis/v1/internal/instances",
       Sync([core](const ApiRequest& request) { return SiblingInstances(core, request); })});
}

}  // namespace drove::controller::api
