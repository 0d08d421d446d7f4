// The operator UI's routes (docs/ui.md): its files under /ui/, Drove's page URLs redirected to
// them, and GET /apis/v1/ui/config. Pages are served by the leader (a follower answers 303 to
// the leader's same URL, 503 while none is known); files by any controller.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/controller/api/routes.h"
#include "orchestrator/controller/config/controller_config.h"

namespace drove::controller::api {

inline constexpr const char* kUiConfigPath = "/apis/v1/ui/config";

// Serves the files compiled in, or those under config.ui.directory when set. `node_id` is this
// controller's (as the election knows it), so it never redirects a browser to itself.
void AddUiRoutes(ControllerCore* core, const ControllerConfig& config, const std::string& node_id,
                 std::vector<Route>* routes);

}  // namespace drove::controller::api
