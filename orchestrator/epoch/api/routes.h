// The Epoch API's routes as data (method, path, whether it writes), and what every handler may use.
// Who may call each route is role_matrix.cpp. One file per group: topology_routes.cpp,
// run_routes.cpp, ui_routes.cpp, ui_support_routes.cpp, browser_routes.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/clock.h"
#include "orchestrator/epoch/api/api_reply.h"
#include "orchestrator/epoch/drove/drove_task_client.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"
#include "orchestrator/epoch/store/epoch_repository.h"

namespace drove::epoch::api {

struct ApiContext {
  EpochRepository& repository;
  SchedulerCore& scheduler;
  DroveTaskClient& drove;
  const core::Clock& clock;
  std::string app_name;  // sourceAppName, for the task log link
  std::string self_url;  // this node's id, "http://host:port" (housekeeping leader)
};

struct RouteSpec {
  std::string method;
  std::string pattern;
  bool write = false;  // changes state: runs on the API writer thread
  std::function<ApiReply(ApiContext&, const core::Request&)> handler;
};

std::vector<RouteSpec> TopologyRoutes();
std::vector<RouteSpec> RunRoutes();
std::vector<RouteSpec> UiRoutes();
// GET /apis/v1/whoami and the cron preview GET /apis/v1/ui/cron?expression=...&count=5.
std::vector<RouteSpec> UiSupportRoutes();
// The operator UI's files under /ui/ and Epoch's page URLs redirected to it.
std::vector<RouteSpec> BrowserRoutes();
// Whether `pattern` is one of BrowserRoutes(): served by every node, never forwarded.
bool IsBrowserRoute(std::string_view pattern);

// Shared by the handlers: the request body as JSON, or the reply for a missing/malformed body.
struct BodyJson {
  Json json;
  std::optional<ApiReply> error;
};
BodyJson ParseBody(const core::Request& request);

// 404 {"status":"FAILED","message":"[3004]: Topology not found: <id>"}
ApiReply TopologyNotFound(const std::string& id);
// 400 {"status":"FAILED","message":"[3002]: Validation failed for input: cron"}
ApiReply CronInvalid();

}  // namespace drove::epoch::api
