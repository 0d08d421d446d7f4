// The table of Drove's page URLs and our /ui/ equivalents, segment by segment.
#include "orchestrator/controller/api/drove_page_urls.h"

#include "orchestrator/core/net/http_router.h"

namespace drove::controller::api {
namespace {

using Segments = std::vector<std::string_view>;

// Drove's log viewer is .../stream?logFileName=F; ours names the file in the path. Without a
// file the viewer's owner page (`fallback`) is the nearest thing.
std::string LogsOr(std::string_view kind, std::string_view id, std::string_view instance,
                   const core::QueryParams& query, std::string fallback) {
  std::optional<std::string> file = core::QueryValue(query, "logFileName");
  if (!file || file->empty()) return fallback;
  return "/ui/logs/" + std::string(kind) + "/" + std::string(id) + "/" + std::string(instance) +
         "/" + core::PercentEncode(*file);
}

std::optional<std::string> Applications(const Segments& s, const core::QueryParams& query) {
  const std::string app = "/ui/apps/" + std::string(s[1]);
  if (s.size() == 2) return app;
  if (s[2] != "instances") return std::nullopt;
  const std::string instance = app + "/instances/" + std::string(s[3]);
  if (s.size() == 4) return instance;
  return LogsOr("applications", s[1], s[3], query, instance);
}

std::optional<std::string> Tasks(const Segments& s, const core::QueryParams& query) {
  const std::string task = "/ui/tasks/" + std::string(s[1]) + "/" + std::string(s[2]);
  if (s.size() == 3) return task;
  return LogsOr("tasks", s[1], s[2], query, task);
}

// Our UI has no page per local-service instance: the service's page lists them.
std::optional<std::string> LocalServices(const Segments& s, const core::QueryParams& query) {
  const std::string service = "/ui/localservices/" + std::string(s[1]);
  if (s.size() == 2) return service;
  if (s[2] != "instances") return std::nullopt;
  if (s.size() == 4) return service;
  return LogsOr("localservices", s[1], s[3], query, service);
}

bool StreamAt(const Segments& s, size_t index) {
  return s.size() == index + 1 && s[index] == "stream";
}

std::optional<std::string> Map(const Segments& s, const core::QueryParams& query) {
  if (s.empty() || (s.size() == 1 && s[0] == "dashboard")) return "/ui/";
  if (s.size() == 1 && s[0] == "cluster") return "/ui/cluster";
  if (s.size() == 2 && s[0] == "executors") return "/ui/executors/" + std::string(s[1]);
  if (s[0] == "applications" && (s.size() == 2 || s.size() == 4 || StreamAt(s, 4))) {
    return Applications(s, query);
  }
  if (s[0] == "tasks" && (s.size() == 3 || StreamAt(s, 3))) return Tasks(s, query);
  if (s[0] == "localservices" && (s.size() == 2 || s.size() == 4 || StreamAt(s, 4))) {
    return LocalServices(s, query);
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& DrovePagePatterns() {
  static const std::vector<std::string> kPatterns = {
      "/",
      "/dashboard",
      "/cluster",
      "/executors/{executorId}",
      "/applications/{appId}",
      "/applications/{appId}/instances/{instanceId}",
      "/applications/{appId}/instances/{instanceId}/stream",
      "/tasks/{sourceAppName}/{taskId}",
      "/tasks/{sourceAppName}/{taskId}/stream",
      "/localservices/{serviceId}",
      "/localservices/{serviceId}/instances/{instanceId}",
      "/localservices/{serviceId}/instances/{instanceId}/stream",
  };
  return kPatterns;
}

std::optional<std::string> UiPathForDrovePage(std::string_view path,
                                              const core::QueryParams& query) {
  Segments segments = core::SplitPath(path);
  if (!segments.empty() && segments[0] == "ui") segments.erase(segments.begin());
  std::optional<std::string> target = Map(segments, query);
  if (target && *target == path) return std::nullopt;
  return target;
}

}  // namespace drove::controller::api
