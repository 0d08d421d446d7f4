// The route table and its handlers; every one replies at once (runner work is asynchronous, log
// reads bounded). The controllers' secret is compared in constant time.
#include "orchestrator/executor/api/executor_api.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <ctime>
#include <map>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/api/message_handler.h"
#include "orchestrator/executor/logs/log_files_api.h"

namespace drove::executor {
namespace {

using core::Request;
using core::Responder;
using nlohmann::json;

int64_t QueryInt(const Request& request, const char* key, int64_t fallback, bool* ok) {
  auto value = request.Query(key);
  if (!value || value->empty()) return fallback;
  try {
    size_t used = 0;
    int64_t parsed = std::stoll(*value, &used);
    if (used != value->size()) *ok = false;
    return parsed;
  } catch (const std::exception&) {
    *ok = false;
    return fallback;
  }
}

void Reply(const Responder& responder, const LogApiReply& reply) {
  core::HeaderList headers(reply.headers.begin(), reply.headers.end());
  responder.Send(reply.status, reply.content_type, reply.body, headers);
}

std::string RenamedDownload(const Request& request, const std::string& file) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d_%H-%M-%S", &tm);
  return request.Param("p1") + "_" + request.Param("p2") + "_" + file + "-" + stamp;
}

// Equality whose time depends on neither contents nor lengths (both sides are hashed first).
bool SecretEquals(std::string_view a, std::string_view b) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> da{}, db{};
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), da.data());
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), db.data());
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

void HandleMessage(RunnerRegistry& registry, Request& request, const Responder& responder) {
  auto message = json::parse(request.body, nullptr, false);
  core::Status status = message.is_discarded() ? core::Status::Error("body is not valid JSON")
                                               : HandleControllerMessage(message, registry);
  if (!status.ok()) {
    DLOG_WARN("message refused", {{"error", status.message()}});
    responder.Json(400, core::FailedEnvelope(status.message()));
    return;
  }
  responder.Json(200, json{{"status", "SUCCESS"}, {"message", "success"}});
}

// Drove's log-file API under /apis/v1/logs/filestream/{p1}/{p2}: list, read, download.
void AddLogRoutes(const std::string& log_dir, std::vector<ExecutorRoute>* routes) {
  const std::string base = "/apis/v1/logs/filestream/{p1}/{p2}";
  const ExecutorAccess access = ExecutorAccess::kController;
  routes->push_back(
      {"GET", base + "/list", access, [log_dir](Request& request, Responder responder) {
         auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
         if (!folder)
           return Reply(responder, {400, "application/json", {}, R"({"error":"bad path"})"});
         Reply(responder, ListLogFiles(*folder));
       }});
  routes->push_back(
      {"GET", base + "/read/{file}", access, [log_dir](Request& request, Responder responder) {
         auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
         bool ok = true;
         int64_t offset = QueryInt(request, "offset", -1, &ok);
         int64_t length = QueryInt(request, "length", -1, &ok);
         if (!folder || !ok) {
           return Reply(responder, {400, "application/json", {}, R"({"error":"bad request"})"});
         }
         Reply(responder, ReadLogFile(*folder, request.Param("file"), offset, length));
       }});
  routes->push_back(
      {"GET", base + "/download/{file}", access, [log_dir](Request& request, Responder responder) {
         auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
         if (!folder)
           return Reply(responder, {400, "application/json", {}, R"({"error":"bad path"})"});
         const std::string& file = request.Param("file");
         bool rename = request.Query("rename").value_or("false") == "true";
         Reply(responder,
               DownloadLogFile(*folder, file, rename ? RenamedDownload(request, file) : file));
       }});
}

}  // namespace

void RegisterExecutorRoutes(core::HttpServer& server, RunnerRegistry& registry,
                            ExecutorApiOptions options) {
  if (!options.requests) options.requests = std::make_shared<core::HttpRequestMetrics>();
  server.SetReplyObserver([requests = options.requests](const core::ReplyRecord& reply) {
    requests->Observe(reply.method, reply.route, reply.status, reply.seconds);
  });
  std::vector<ExecutorRoute> routes = ExecutorRoutes(registry, options);
  std::map<std::string, ExecutorAccess> access;
  for (ExecutorRoute& route : routes) {
    access[route.method + " " + route.pattern] = route.access;
    // Controller messages carry whole specs (the server's 16 MB); the log routes take no body.
    server.Route(route.method, route.pattern, std::move(route.handler),
                 core::RouteOptions{route.method == "POST" ? 0 : size_t{64} << 10});
  }
  std::string secret = options.controller_secret;
  server.SetFilter([secret, access](Request& request, Responder& responder) {
    auto it = access.find(request.method + " " + request.route);
    // A route missing from the table is closed, never open.
    if (it != access.end() && it->second == ExecutorAccess::kOpen) return true;
    auto presented = request.Header("Cluster-Authorization");
    if (presented && SecretEquals(*presented, secret)) return true;
    DLOG_WARN("unauthorized request", {{"path", request.path}, {"remote", request.remote_address}});
    responder.Json(401,
                   core::FrameworkError(401, "Credentials are required to access this resource."));
    return false;
  });
}

std::vector<ExecutorRoute> ExecutorRoutes(RunnerRegistry& registry,
                                          const ExecutorApiOptions& options) {
  std::vector<ExecutorRoute> routes;
  routes.push_back(
      {"GET", "/apis/v1/ping", ExecutorAccess::kOpen,
       [](Request&, Responder responder) { responder.Json(200, core::SuccessEnvelope("pong")); }});
  routes.push_back({"POST", "/apis/v1/messages", ExecutorAccess::kController,
                    [&registry](Request& request, Responder responder) {
                      HandleMessage(registry, request, responder);
                    }});
  AddLogRoutes(options.log_dir, &routes);
  auto requests =
      options.requests ? options.requests : std::make_shared<core::HttpRequestMetrics>();
  routes.push_back(
      {"GET", "/metrics", ExecutorAccess::kOpen,
       [&registry, offered = options.offered, requests, more = options.more_metrics](
           Request&, Responder responder) {
         responder.Send(200, core::kPrometheusContentType,
                        RenderExecutorMetrics(registry.Instances(), registry.Tasks(), offered,
                                              more, *requests));
       }});
  return routes;
}

}  // namespace drove::executor
