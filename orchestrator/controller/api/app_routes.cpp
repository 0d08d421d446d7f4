// Routes under /apis/v1/applications (and the legacy /apis/v1/operations aliases).
#include <algorithm>
#include <limits>
#include <set>

#include "orchestrator/controller/api/request_models.h"
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

constexpr const char* kBase = "/apis/v1/applications";

ApiResponse ValidateSpec(ControllerCore* core, const ApiRequest& request) {
  BodyCheck check = CheckApplicationSpec(request.body);
  if (!check.ok()) return BodyCheckFailure(check);
  if (auto refused = RefuseInMaintenance(core, request)) return *refused;
  return Success({{"valid", true}});
}

ApiResponse DryRunRule(ControllerCore* core, const ApiRequest& request) {
  BodyCheck check = CheckRuleDryRun(request.body);
  if (!check.ok()) return BodyCheckFailure(check);
  if (auto refused = RefuseInMaintenance(core, request)) return *refused;
  nlohmann::json reply =
      core->DryRunPlacementRule(check.value["policy"], check.value["schedulingInfo"]);
  DLOG_INFO("placement rule dry run", {{"rule", check.value["policy"].value("rule", "")},
                                       {"status", reply.value("status", false) ? "true" : "false"},
                                       {"user", request.principal.name}});
  return Success(reply);
}

ApiResponse SubmitOperation(ControllerCore* core, const ApiRequest& request) {
  return SubmitCheckedOperation(
      core, request, CheckApplicationOperation(request.body),
      {"app", "appId", [core](const nlohmann::json& op) { return core->SubmitAppOperation(op); }});
}

ApiResponse CancelOperation(ControllerCore* core, const ApiRequest& request) {
  const std::string& app_id = request.Param("appId");
  if (!core->CancelAppOperation(app_id)) {
    DLOG_INFO("app operation cancel refused", {{"appId", app_id}});
    return CancelFailure();
  }
  DLOG_INFO("app operation cancelled", {{"appId", app_id}, {"user", request.principal.name}});
  return Success(nullptr);
}

ApiResponse ListApps(ControllerCore* core, const ApiRequest& request) {
  auto from = QueryInt(request, "from", 0);
  auto size = QueryInt(request, "size", std::numeric_limits<int32_t>::max() - 1);
  if (!from || !size) return NotFound();
  if (*from < 0 || *size < 0) {
    std::vector<std::string> errors;
    if (*from < 0) errors.push_back("from: must be greater than or equal to 0");
    if (*size < 0) errors.push_back("size: must be greater than or equal to 0");
    return CommandValidationFailure(errors);
  }
  return SuccessWithDataText(core->ListAppsJson(*from, *size));
}

ApiResponse AppNotFound(const std::string& app_id) {
  return SoftFailure("App " + app_id + " not found");
}

ApiResponse GetApp(ControllerCore* core, const ApiRequest& request) {
  auto summary = core->AppSummary(request.Param("appId"));
  if (!summary) return AppNotFound(request.Param("appId"));
  return Success(*summary);
}

ApiResponse GetSpec(ControllerCore* core, const ApiRequest& request) {
  auto spec = core->AppSpec(request.Param("appId"));
  if (!spec) return AppNotFound(request.Param("appId"));
  // The model's masked copy (durations normalised as Drove echoes them); the JSON-level mask
  // covers a stored spec the model cannot read back.
  auto parsed = core::ParseApplicationSpec(*spec);
  if (parsed.ok()) return Success(nlohmann::json(core::MaskApplicationSpec(*parsed)));
  return Success(MaskSpec(*spec));
}

ApiResponse ListInstances(ControllerCore* core, const ApiRequest& request) {
  return InstancesInStates(request, core->AppInstances(request.Param("appId"), false));
}

ApiResponse ListOldInstances(ControllerCore* core, const ApiRequest& request) {
  auto start = QueryInt(request, "start", 0);
  auto size = QueryInt(request, "size", std::numeric_limits<int32_t>::max());
  if (!start || !size) return NotFound();
  nlohmann::json instances = core->AppInstances(request.Param("appId"), true);
  if (!instances.is_array()) instances = nlohmann::json::array();
  nlohmann::json page = nlohmann::json::array();
  const int64_t first = std::max<int64_t>(0, *start);
  const int64_t count = std::max<int64_t>(0, *size);
  for (int64_t i = first; i < static_cast<int64_t>(instances.size()) && i - first < count; ++i) {
    page.push_back(std::move(instances[static_cast<size_t>(i)]));
  }
  return Success(page);
}

ApiResponse GetInstance(ControllerCore* core, const ApiRequest& request) {
  const std::string& app_id = request.Param("appId");
  const std::string& instance_id = request.Param("instanceId");
  auto instance = core->AppInstance(app_id, instance_id);
  if (!instance) return SoftFailure("No such application instance " + app_id + "/" + instance_id);
  return Success(*instance);
}

}  // namespace

ApiResponse InstancesInStates(const ApiRequest& request, nlohmann::json instances) {
  std::set<std::string> states;
  for (const auto& state : request.QueryAll("state")) {
    if (!core::ParseEnum<core::InstanceState>(state)) return NotFound();  // JAX-RS conversion
    states.insert(state);
  }
  if (!instances.is_array()) instances = nlohmann::json::array();
  if (states.empty()) return Success(instances);
  nlohmann::json filtered = nlohmann::json::array();
  for (auto& instance : instances) {
    if (instance.is_object() && states.count(instance.value("state", ""))) {
      filtered.push_back(std::move(instance));
    }
  }
  return Success(filtered);
}

void AddAppRoutes(ControllerCore* core, std::vector<Route>* routes) {
  const std::string base = kBase;
  auto bind = [core](ApiResponse (*fn)(ControllerCore*, const ApiRequest&)) {
    return Sync([core, fn](const ApiRequest& request) { return fn(core, request); });
  };
  routes->push_back(
      {"POST", base + "/validate/spec", bind(ValidateSpec)});
  routes->push_back({"POST", base + "/placementpolicy/rule/dryrun",
                     bind(DryRunRule)});
  routes->push_back({"POST", base + "/operations", bind(SubmitOperation)});
  routes->push_back({"POST", "/apis/v1/operations", bind(SubmitOperation)});
  routes->push_back(
      {"POST", base + "/operations/{appId}/cancel", bind(CancelOperation)});
  routes->push_back(
      {"POST", "/apis/v1/operations/{appId}/cancel", bind(CancelOperation)});
  routes->push_back({"GET", base, bind(ListApps)});
  routes->push_back({"GET", base + "/{appId}", bind(GetApp)});
  routes->push_back({"GET", base + "/{appId}/spec", bind(GetSpec)});
  routes->push_back({"GET", base + "/{appId}/instances", bind(ListInstances)});
  routes->push_back(
      {"GET", base + "/{appId}/instances/old", bind(ListOldInstances)});
  routes->push_back({"GET", base + "/{appId}/instances/{instanceId}",
                     bind(GetInstance)});
}

}  // namespace drove::controller::api
