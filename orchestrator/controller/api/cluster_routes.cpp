// Routes under /apis/v1/ping and /apis/v1/cluster: summary, controllers, executors and events.
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {
namespace {

constexpr int kDefaultEventsSize = 1024;

ApiResponse ClusterSummary(ControllerCore* core, const ApiRequest&) {
  nlohmann::json summary = core->ClusterSummary();
  if (summary.is_null()) return SoftFailure("Could not fetch cluster summary");
  return Success(summary);
}

// Any controller answers, so the UI can list them from whichever node it was loaded from.
ApiResponse Controllers(ControllerCore* core, const ApiRequest&) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& node : core->Controllers()) {
    auto colon = node.id.rfind(':');
    std::string hostname = colon == std::string::npos ? node.id : node.id.substr(0, colon);
    int port = colon == std::string::npos ? 0 : std::atoi(node.id.c_str() + colon + 1);
    list.push_back({{"id", node.id},
                    {"hostname", hostname},
                    {"port", port},
                    {"leader", node.leader},
                    {"self", node.self}});
  }
  return Success(list);
}

ApiResponse Executors(ControllerCore* core, const ApiRequest&) {
  nlohmann::json executors = core->Executors();
  if (!executors.is_array()) executors = nlohmann::json::array();
  return Success(executors);
}

ApiResponse ExecutorInfo(ControllerCore* core, const ApiRequest& request) {
  const std::string& id = request.Param("id");
  auto executor = core->Executor(id);
  if (!executor) return SoftFailure("No executor found with id: " + id);
  return Success(*executor);
}

// Reads lastSyncTime and size; false when either is not an integer (404, as JAX-RS).
bool EventParams(const ApiRequest& request, int64_t* last_sync_time, int* size) {
  auto last = QueryInt(request, "lastSyncTime", 0);
  auto count = QueryInt(request, "size", kDefaultEventsSize);
  if (!last || !count || *count < std::numeric_limits<int32_t>::min() ||
      *count > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  *last_sync_time = *last;
  *size = static_cast<int>(*count);
  return true;
}

ApiResponse LatestEvents(ControllerCore* core, const ApiRequest& request) {
  int64_t last_sync_time = 0;
  int size = 0;
  if (!EventParams(request, &last_sync_time, &size)) return NotFound();
  return Success(core->EventsSince(last_sync_time, size));
}

ApiResponse EventsList(ControllerCore* core, const ApiRequest& request) {
  int64_t last_sync_time = 0;
  int size = 0;
  if (!EventParams(request, &last_sync_time, &size)) return NotFound();
  // Drove's "newest kept": its clients (the CLI's `cluster events -c n`) want the latest n.
  return Success(core->Events().Newest(last_sync_time, size));
}

ApiResponse EventsSummary(ControllerCore* core, const ApiRequest& request) {
  auto last = QueryInt(request, "lastSyncTime", 0);
  if (!last) return NotFound();
  return Success(core->EventsSummary(*last));
}

}  // namespace

void AddClusterRoutes(ControllerCore* core, std::vector<Route>* routes) {
  auto bind = [core](ApiResponse (*fn)(ControllerCore*, const ApiRequest&)) {
    return Sync([core, fn](const ApiRequest& request) { return fn(core, request); });
  };
  routes->push_back({"GET", "/apis/v1/ping", Sync([](const ApiRequest&) {
                       return Success("pong");
                     })});
  routes->push_back({"GET", "/apis/v1/cluster", bind(ClusterSummary)});
  Route controllers{"GET", "/apis/v1/cluster/controllers", bind(Controllers)};
  controllers.any_node = true;
  routes->push_back(std::move(controllers));
  routes->push_back({"GET", "/apis/v1/cluster/executors", bind(Executors)});
  routes->push_back({"GET", "/apis/v1/cluster/executors/{id}", bind(ExecutorInfo)});
  routes->push_back({"GET", "/apis/v1/cluster/events/latest", bind(LatestEvents)});
  routes->push_back({"GET", "/apis/v1/cluster/events/summary", bind(EventsSummary)});
  routes->push_back({"GET", "/apis/v1/cluster/events", bind(EventsList)});
}

}  // namespace drove::controller::api
