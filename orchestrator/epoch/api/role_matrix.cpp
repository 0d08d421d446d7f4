// Epoch's matrix route by route. Keep rows grouped as the route files are.
#include "orchestrator/epoch/api/role_matrix.h"

namespace drove::epoch::api {
namespace {

constexpr EpochAccess kAny = EpochAccess::kAnyUser;
constexpr EpochAccess kRW = EpochAccess::kReadWrite;

}  // namespace

const std::vector<RoleMatrixRow>& RoleMatrix() {
  static const std::vector<RoleMatrixRow> kRows = {
      // topology_routes.cpp
      {"POST", "/apis/v1/topologies", kRW},
      {"PUT", "/apis/v1/topologies", kRW},
      {"GET", "/apis/v1/topologies", kAny},
      {"GET", "/apis/v1/topologies/{id}", kAny},
      {"PUT", "/apis/v1/topologies/{id}", kRW},
      {"DELETE", "/apis/v1/topologies/{id}", kRW},
      {"PUT", "/apis/v1/topologies/{id}/run", kRW},
      {"PUT", "/apis/v1/topologies/{id}/pause", kRW},
      {"PUT", "/apis/v1/topologies/{id}/unpause", kRW},
      // run_routes.cpp
      {"GET", "/apis/v1/topologies/{id}/runs", kAny},
      {"GET", "/apis/v1/topologies/{id}/runs/{runId}", kAny},
      {"POST", "/apis/v1/topologies/{id}/runs/{runId}/tasks/{taskName}/kill", kRW},
      {"GET", "/apis/v1/topologies/{id}/runs/{runId}/tasks/{taskName}/log", kAny},
      // ui_routes.cpp: the UI's forms, at the browser path and at Jersey's /apis/ui
      {"POST", "/topologies/create", kRW},
      {"PUT", "/topologies/{id}/update", kRW},
      {"POST", "/apis/ui/topologies/create", kRW},
      {"PUT", "/apis/ui/topologies/{id}/update", kRW},
      {"GET", "/apis/housekeeping/v1/leader", kAny},
      // ui_support_routes.cpp
      {"GET", "/apis/v1/whoami", kAny},
      {"GET", "/apis/v1/ui/cron", kAny},
      // browser_routes.cpp: the operator UI and Epoch's page URLs
      {"GET", "/ui", kAny},
      {"GET", "/ui/{path...}", kAny},
      {"GET", "/", kAny},
      {"GET", "/topologies/{id}", kAny},
      // metrics/metrics_route.cpp, on this port when there is no admin connector
      {"GET", "/metrics", kAny},
  };
  return kRows;
}

std::optional<EpochAccess> RequiredAccess(std::string_view method, std::string_view pattern) {
  return core::AccessOf(RoleMatrix(), method, pattern);
}

bool Admits(EpochAccess access, EpochRole role) {
  return access == EpochAccess::kAnyUser || role == EpochRole::kReadWrite;
}

}  // namespace drove::epoch::api
