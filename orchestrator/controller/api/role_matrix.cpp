// Drove's matrix (drove-api.md 1.5) route by route. Who each access level admits is
// auth/access.cpp; docs/security.md explains the table. Keep rows grouped as the route files are.
#include "orchestrator/controller/api/role_matrix.h"

namespace drove::controller::api {
namespace {

constexpr Access kAny = Access::kAnyAuthenticated;
constexpr Access kRW = Access::kReadWrite;
constexpr Access kMaint = Access::kMaintenance;
constexpr Access kLogs = Access::kLogRead;
constexpr Access kNode = Access::kClusterNode;

}  // namespace

const std::vector<RoleMatrixRow>& RoleMatrix() {
  static const std::vector<RoleMatrixRow> kRows = {
      // cluster_routes.cpp
      {"GET", "/apis/v1/ping", Access::kAnyPrincipal},
      {"GET", "/apis/v1/cluster", kAny},
      {"GET", "/apis/v1/cluster/controllers", kAny},
      {"GET", "/apis/v1/cluster/executors", kAny},
      {"GET", "/apis/v1/cluster/executors/{id}", kAny},
      {"GET", "/apis/v1/cluster/events/latest", kAny},
      {"GET", "/apis/v1/cluster/events/summary", kAny},
      {"GET", "/apis/v1/cluster/events", kAny},
      // event_stream.cpp, whoami_route.cpp
      {"GET", "/apis/v1/cluster/events/stream", kAny},
      {"GET", "/apis/v1/whoami", kAny},
      // maintenance_routes.cpp
      {"POST", "/apis/v1/cluster/maintenance/set", kMaint},
      {"POST", "/apis/v1/cluster/maintenance/unset", kMaint},
      {"POST", "/apis/v1/cluster/executors/blacklist", kMaint},
      {"POST", "/apis/v1/cluster/executors/unblacklist", kMaint},
      {"POST", "/apis/v1/cluster/executors/{id}/blacklist", kMaint},
      {"POST", "/apis/v1/cluster/executors/{id}/unblacklist", kMaint},
      // app_routes.cpp
      {"POST", "/apis/v1/applications/validate/spec", kAny},
      {"POST", "/apis/v1/applications/placementpolicy/rule/dryrun", kAny},
      {"POST", "/apis/v1/applications/operations", kRW},
      {"POST", "/apis/v1/operations", kRW},
      {"POST", "/apis/v1/applications/operations/{appId}/cancel", kRW},
      {"POST", "/apis/v1/operations/{appId}/cancel", kRW},
      {"GET", "/apis/v1/applications", kAny},
      {"GET", "/apis/v1/applications/{appId}", kAny},
      {"GET", "/apis/v1/applications/{appId}/spec", kAny},
      {"GET", "/apis/v1/applications/{appId}/instances", kAny},
      {"GET", "/apis/v1/applications/{appId}/instances/old", kAny},
      {"GET", "/apis/v1/applications/{appId}/instances/{instanceId}", kAny},
      // local_service_routes.cpp
      {"POST", "/apis/v1/localservices/validate/spec", kAny},
      {"POST", "/apis/v1/localservices/operations", kRW},
      {"POST", "/apis/v1/localservices/operations/{serviceId}/cancel", kRW},
      {"GET", "/apis/v1/localservices", kAny},
      {"GET", "/apis/v1/localservices/{serviceId}", kAny},
      {"GET", "/apis/v1/localservices/{serviceId}/spec", kAny},
      {"GET", "/apis/v1/localservices/{serviceId}/instances", kAny},
      {"GET", "/apis/v1/localservices/{serviceId}/instances/old", kAny},
      {"GET", "/apis/v1/localservices/{serviceId}/instances/{instanceId}", kAny},
      {"GET", "/apis/v1/internal/cluster/resources/reserved", kNode},
      {"GET", "/apis/v1/internal/cluster/executors/{executorId}/instances/last", kNode},
      {"GET", "/apis/v1/internal/cluster/executors/{executorId}/instances/current", kNode},
      // task_routes.cpp (Drove lets any authenticated principal delete a task record)
      {"POST", "/apis/v1/tasks/validate/spec", kAny},
      {"POST", "/apis/v1/tasks/operations", kRW},
      {"GET", "/apis/v1/tasks", kAny},
      {"GET", "/apis/v1/tasks/{sourceAppName}/instances/{taskId}", kAny},
      {"DELETE", "/apis/v1/tasks/{sourceAppName}/instances/{taskId}", kAny},
      // message_routes.cpp, internal_routes.cpp
      {"POST", "/apis/v1/messages", kNode},
      {"GET", "/apis/v1/internal/instances", Access::kAppInstance},
      // endpoint_feed.cpp
      {"GET", "/apis/v1/endpoints", kAny},
      {"GET", "/apis/v1/endpoints/app/{appName}", kAny},
      // metrics_routes.cpp
      {"GET", "/metrics", kAny},
      // ui_routes.cpp: the UI's files and Drove's page URLs (the pages call the API as the user)
      {"GET", "/ui", kAny},
      {"GET", "/ui/{path...}", kAny},
      {"GET", "/", kAny},
      {"GET", "/dashboard", kAny},
      {"GET", "/cluster", kAny},
      {"GET", "/executors/{executorId}", kAny},
      {"GET", "/applications/{appId}", kAny},
      {"GET", "/applications/{appId}/instances/{instanceId}", kAny},
      {"GET", "/applications/{appId}/instances/{instanceId}/stream", kAny},
      {"GET", "/tasks/{sourceAppName}/{taskId}", kAny},
      {"GET", "/tasks/{sourceAppName}/{taskId}/stream", kAny},
      {"GET", "/localservices/{serviceId}", kAny},
      {"GET", "/localservices/{serviceId}/instances/{instanceId}", kAny},
      {"GET", "/localservices/{serviceId}/instances/{instanceId}/stream", kAny},
      {"GET", "/apis/v1/ui/config", kAny},
      // log_proxy.cpp
      {"GET", "/apis/v1/logfiles/applications/{appId}/{instanceId}/list", kLogs},
      {"GET", "/apis/v1/logfiles/applications/{appId}/{instanceId}/read/{fileName}", kLogs},
      {"GET", "/apis/v1/logfiles/applications/{appId}/{instanceId}/download/{fileName}", kLogs},
      {"GET", "/apis/v1/logfiles/tasks/{sourceAppName}/{taskId}/list", kLogs},
      {"GET", "/apis/v1/logfiles/tasks/{sourceAppName}/{taskId}/read/{fileName}", kLogs},
      {"GET", "/apis/v1/logfiles/tasks/{sourceAppName}/{taskId}/download/{fileName}", kLogs},
      {"GET", "/apis/v1/logfiles/localservices/{serviceId}/{instanceId}/list", kLogs},
      {"GET", "/apis/v1/logfiles/localservices/{serviceId}/{instanceId}/read/{fileName}", kLogs},
      {"GET", "/apis/v1/logfiles/localservices/{serviceId}/{instanceId}/download/{fileName}",
       kLogs},
  };
  return kRows;
}

std::optional<Access> RequiredAccess(std::string_view method, std::string_view pattern) {
  return core::AccessOf(RoleMatrix(), method, pattern);
}

}  // namespace drove::controller::api
