// The controller's route table: each route group adds (method, pattern, handler); the access each
// route requires comes from the role matrix (role_matrix.h), not from the route groups.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/controller/api/api_types.h"
#include "orchestrator/controller/api/request_models.h"
#include "orchestrator/controller/controller_core.h"

namespace drove::controller::api {

struct Route {
  std::string method;   // GET, POST, DELETE
  std::string pattern;  // "/apis/v1/applications/{appId}/instances"
  Handler handler;
  // Set by ControllerApi from RoleMatrix(); nullopt (no row) refuses the route to everyone.
  std::optional<Access> access = std::nullopt;
  // Served by a controller that does not lead too (instead of 400 "not the leader").
  bool any_node = false;
};

// Route groups (one file each). `core` must outlive the routes.
void AddClusterRoutes(ControllerCore* core, std::vector<Route>* routes);
void AddAppRoutes(ControllerCore* core, std::vector<Route>* routes);
// /localservices and GET /internal/cluster/... (local_service_routes.cpp).
void AddLocalServiceRoutes(ControllerCore* core, std::vector<Route>* routes);
void AddTaskRoutes(ControllerCore* core, std::vector<Route>* routes);
void AddMessageRoutes(ControllerCore* core, std::vector<Route>* routes);
// Maintenance set/unset and executor (un)blacklisting (maintenance_routes.cpp).
void AddMaintenanceRoutes(ControllerCore* core, std::vector<Route>* routes);
// Sibling discovery for app instances, GET /internal/instances (internal_routes.cpp).
void AddInternalRoutes(ControllerCore* core, std::vector<Route>* routes);
// GET /apis/v1/whoami: the caller's user name and role (whoami_route.cpp).
void AddWhoamiRoute(std::vector<Route>* routes);

// The 400 of a body that failed its check: (c) for malformed JSON, (b) for broken rules.
ApiResponse BodyCheckFailure(const BodyCheck& check);

// What POST .../operations submits: `noun` for the log lines ("app", "task", "local service"),
// `id_key` the reply's field (appId, taskId, serviceId), `submit` the core's call.
struct OperationKind {
  std::string noun;
  const char* id_key;
  std::function<Outcome<std::string>(const nlohmann::json&)> submit;
};
// The checked body submitted through `kind` (operation_submit.cpp): 400s for the body, the
// maintenance window and the core's refusal, 503 when the store did not take the write.
ApiResponse SubmitCheckedOperation(ControllerCore* core, const ApiRequest& request,
                                   const BodyCheck& check, const OperationKind& kind);

// 400 (b) "Cluster is in maintenance mode" while the maintenance window lasts (drove-api.md 1.7);
// routes call it after their body checks, before the core judges the request (1.3's order).
std::optional<ApiResponse> RefuseInMaintenance(ControllerCore* core,
                                               const ApiRequest& request);

// GET .../instances?state=S&state=..: the instances (a JSON array) in those states, all of them
// when no state is asked for; 404 for a state that is no InstanceState (JAX-RS conversion).
ApiResponse InstancesInStates(const ApiRequest& request, nlohmann::json instances);

// A stored spec that does not parse, fit for a GET: without its `configs` (a parsed spec is
// masked by core::MaskConfigSpec instead, which cannot mask what it cannot read).
nlohmann::json MaskSpec(nlohmann::json spec);

}  // namespace drove::controller::api
