// Routes under /apis/v1/ping and /apis/v1/cluster: summary, executors and the event store.
#include <cstdint>
#include <limits>

#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {
namespace {

constexpr int kDefaultEventsSize = 1024;

ApiResponse ClusterSummary(ControllerCore* core, const ApiRequest&) {
  nlohmann::json summary = core->ClusterSummary();
  if (summary.is_null()) return SoftFailure("Could not fetch cluster summary");
  return Success(summary);
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
  nlohmann::json list = core->EventsSince(last_sync_time, size);
  auto events = list.is_object() ? list.find("events") : list.end();
  if (!list.is_object() || events == list.end()) return Success(nlohmann::json::array());
  return Success(*events);
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
  routes->push_back({"GET", "/apis/v1/cluster/executors", bind(Executors)});
  routes->push_back({"GET", "/apis/v1/cluster/executors/{id}", bind(ExecutorInfo)});
  routes->push_back({"GET", "/apis/v1/cluster/events/latest", bind(LatestEvents)});
  routes->push_back({"GET", "/apis/v1/cluster/events/summary", bind(EventsSummary)});
  routes->push_back({"GET", "/apis/v1/cluster/events", bind(EventsList)});
}

}  // namespace drove::controller::api
