// Routes under /apis/v1/localservices (drove-api.md 2.4) and the internal cluster reads executors
// use: reserved resources, and the instance ids of an executor (2.7).
#include <limits>

#include "orchestrator/controller/api/request_models.h"
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/model/local_service_spec.h"
#include "orchestrator/core/model/local_service_texts.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

namespace texts = core::local_service_texts;
constexpr const char* kBase = "/apis/v1/localservices";

ApiResponse ValidateSpec(ControllerCore* core, const ApiRequest& request) {
  BodyCheck check = CheckLocalServiceSpec(request.body);
  if (!check.ok()) return BodyCheckFailure(check);
  if (auto refused = RefuseInMaintenance(core, request)) return *refused;
  return Success({{"valid", true}});
}

ApiResponse SubmitOperation(ControllerCore* core, const ApiRequest& request) {
  return SubmitCheckedOperation(core, request, CheckLocalServiceOperation(request.body),
                                {"local service", "serviceId", [core](const nlohmann::json& op) {
                                   return core->SubmitLocalServiceOperation(op);
                                 }});
}

ApiResponse CancelOperation(ControllerCore* core, const ApiRequest& request) {
  const std::string& id = request.Param("serviceId");
  if (!core->CancelLocalServiceOperation(id)) return CancelFailure();
  DLOG_INFO("local service operation cancelled",
            {{"serviceId", id}, {"user", request.principal.name}});
  return Success(nullptr);
}

ApiResponse List(ControllerCore* core, const ApiRequest& request) {
  auto from = QueryInt(request, "from", 0);
  auto size = QueryInt(request, "size", std::numeric_limits<int32_t>::max() - 1);
  if (!from || !size) return NotFound();
  return Success(core->ListLocalServices(std::max<int64_t>(*from, 0), std::max<int64_t>(*size, 0)));
}

ApiResponse Get(ControllerCore* core, const ApiRequest& request) {
  const std::string& id = request.Param("serviceId");
  auto summary = core->LocalServiceSummary(id);
  if (!summary) return SoftFailure(texts::NotFound(id));
  return Success(*summary);
}

ApiResponse GetSpec(ControllerCore* core, const ApiRequest& request) {
  const std::string& id = request.Param("serviceId");
  auto spec = core->LocalServiceSpec(id);
  if (!spec) return SoftFailure(texts::NotFound(id));
  auto parsed = core::ParseLocalServiceSpec(*spec);
  if (parsed.ok()) return Success(nlohmann::json(core::MaskLocalServiceSpec(*parsed)));
  return Success(MaskSpec(*spec));
}

ApiResponse ListInstances(ControllerCore* core, const ApiRequest& request) {
  auto instances = core->LocalServiceInstances(request.Param("serviceId"), false);
  return InstancesInStates(request, instances.value_or(nlohmann::json::array()));
}

ApiResponse ListOldInstances(ControllerCore* core, const ApiRequest& request) {
  auto instances = core->LocalServiceInstances(request.Param("serviceId"), true);
  return Success(instances.value_or(nlohmann::json::array()));
}

ApiResponse GetInstance(ControllerCore* core, const ApiRequest& request) {
  const std::string& id = request.Param("serviceId");
  const std::string& instance_id = request.Param("instanceId");
  auto instance = core->LocalServiceInstance(id, instance_id);
  if (!instance) return SoftFailure(texts::NoSuchInstance(id, instance_id));
  return Success(*instance);
}

ApiResponse Reserved(ControllerCore* core, const ApiRequest&) {
  return Success(core->ReservedResources());
}

ApiResponse ExecutorIds(ControllerCore* core, const ApiRequest& request, bool last) {
  const std::string& id = request.Param("executorId");
  auto ids = core->ExecutorInstanceIds(id, last);
  if (!ids) return SoftFailure("No data found for executor " + id);
  return Success(*ids);
}

ApiResponse LastIds(ControllerCore* core, const ApiRequest& r) { return ExecutorIds(core, r, true); }
ApiResponse CurrentIds(ControllerCore* core, const ApiRequest& r) {
  return ExecutorIds(core, r, false);
}

}  // namespace

void AddLocalServiceRoutes(ControllerCore* core, std::vector<Route>* routes) {
  const std::string base = kBase;
  auto bind = [core](ApiResponse (*fn)(ControllerCore*, const ApiRequest&)) {
    return Sync([core, fn](const ApiRequest& request) { return fn(core, request); });
  };
  auto add = [&](const char* method, const std::string& path,
                 ApiResponse (*fn)(ControllerCore*, const ApiRequest&)) {
    routes->push_back({method, path, bind(fn)});
  };
  add("POST", base + "/validate/spec", ValidateSpec);
  add("POST", base + "/operations", SubmitOperation);
  add("POST", base + "/operations/{serviceId}/cancel", CancelOperation);
  add("GET", base, List);
  add("GET", base + "/{serviceId}", Get);
  add("GET", base + "/{serviceId}/spec", GetSpec);
  add("GET", base + "/{serviceId}/instances", ListInstances);
  add("GET", base + "/{serviceId}/instances/old", ListOldInstances);
  add("GET", base + "/{serviceId}/instances/{instanceId}", GetInstance);
  const std::string internal = "/apis/v1/internal/cluster";
  add("GET", internal + "/resources/reserved", Reserved);
  add("GET", internal + "/executors/{executorId}/instances/last", LastIds);
  add("GET", internal + "/executors/{executorId}/instances/current", CurrentIds);
}

}  // namespace drove::controller::api
