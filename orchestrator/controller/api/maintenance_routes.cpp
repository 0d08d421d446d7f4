// Routes for maintenance mode (/cluster/maintenance/set|unset) and executor blacklisting
// (/cluster/executors/blacklist|unblacklist, bulk and single-executor forms), drove-api.md 2.1.
// Every one ignores a body (the CLI sends `{}`).
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/controller/model/cluster_texts.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

constexpr const char* kExecutors = "/apis/v1/cluster/executors";

ApiResponse SetMaintenance(ControllerCore* core, const ApiRequest& request, bool on) {
  auto state = core->SetMaintenance(on);
  if (!state) return SoftFailure(texts::kClusterStateNotChanged);
  DLOG_INFO("maintenance mode",
            {{"state", on ? "MAINTENANCE" : "NORMAL"}, {"user", request.principal.name}});
  return Success(*state);
}

// `?id=` repeated (bulk form) or the {id} path segment; the action runs unless in maintenance.
ApiResponse Blacklisting(ControllerCore* core, const ApiRequest& request, bool blacklist) {
  std::vector<std::string> ids = request.QueryAll("id");
  if (!request.Param("id").empty()) ids = {request.Param("id")};
  if (ids.empty()) return CommandValidationFailure({"query param id must not be empty"});
  if (core->InMaintenanceWindow()) {
    DLOG_INFO("blacklisting refused in maintenance",
              {{"path", request.path}, {"user", request.principal.name}});
    return SoftFailure(texts::kInMaintenance);
  }
  nlohmann::json response =
      blacklist ? core->BlacklistExecutors(ids) : core->UnblacklistExecutors(ids);
  DLOG_INFO(blacklist ? "blacklist requested" : "unblacklist requested",
            {{"executorIds", nlohmann::json(ids).dump()},
             {"successful", response.value("successful", nlohmann::json::array()).dump()},
             {"user", request.principal.name}});
  return Success(response);
}

}  // namespace

std::optional<ApiResponse> RefuseInMaintenance(ControllerCore* core, const ApiRequest& request) {
  if (!core->InMaintenanceWindow()) return std::nullopt;
  DLOG_INFO("refused in maintenance",
            {{"method", request.method}, {"path", request.path}, {"user", request.principal.name}});
  return CommandValidationFailure({texts::kInMaintenance});
}

void AddMaintenanceRoutes(ControllerCore* core, std::vector<Route>* routes) {
  auto bind = [core](ApiResponse (*fn)(ControllerCore*, const ApiRequest&, bool), bool flag) {
    return Sync([core, fn, flag](const ApiRequest& request) { return fn(core, request, flag); });
  };
  const std::string executors = kExecutors;
  routes->push_back({"POST", "/apis/v1/cluster/maintenance/set", bind(SetMaintenance, true)});
  routes->push_back({"POST", "/apis/v1/cluster/maintenance/unset", bind(SetMaintenance, false)});
  routes->push_back({"POST", executors + "/blacklist", bind(Blacklisting, true)});
  routes->push_back({"POST", executors + "/unblacklist", bind(Blacklisting, false)});
  routes->push_back({"POST", executors + "/{id}/blacklist", bind(Blacklisting, true)});
  routes->push_back({"POST", executors + "/{id}/unblacklist", bind(Blacklisting, false)});
}

}  // namespace drove::controller::api
