// GET /apis/v1/whoami: who the caller is to this controller, so the operator UI shows only the
// actions the caller's role allows (docs/ui.md, "Server side"). Answered by any controller.
#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {

void AddWhoamiRoute(std::vector<Route>* routes) {
  // With user auth off every caller is Drove's `default-user` with EXTERNAL_ROOT (the
  // authenticator's principal), so that case needs no branch here.
  Route route{"GET", "/apis/v1/whoami", Sync([](const ApiRequest& request) {
                const Principal& principal = request.principal;
                // Only users hold one of Drove's user roles; nodes and app instances get null.
                nlohmann::json role = nullptr;
                if (principal.kind == PrincipalKind::kUser) {
                  role = std::string(UserRoleName(principal.role));
                }
                return Success({{"user", principal.name}, {"role", role}});
              })};
  route.any_node = true;
  routes->push_back(std::move(route));
}

}  // namespace drove::controller::api
