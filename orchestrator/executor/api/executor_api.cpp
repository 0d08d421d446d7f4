// Route handlers; every one replies at once (runner work is asynchronous, log reads bounded).
#include "orchestrator/executor/api/executor_api.h"

#include <ctime>

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

}  // namespace

void RegisterExecutorRoutes(core::HttpServer& server, RunnerRegistry& registry,
                            const ExecutorApiOptions& options) {
  std::string secret = options.controller_secret;
  server.SetFilter([secret](Request& request, Responder& responder) {
    if (request.route == "/apis/v1/ping") return true;
    auto presented = request.Header("Cluster-Authorization");
    if (presented && *presented == secret) return true;
    DLOG_WARN("unauthorized request", {{"path", request.path}, {"remote", request.remote_address}});
    responder.Json(401, core::FrameworkError(401, "Credentials are required to access this resource."));
    return false;
  });
  server.Route("GET", "/apis/v1/ping", [](Request&, Responder responder) {
    responder.Json(200, core::SuccessEnvelope("pong"));
  });
  server.Route("POST", "/apis/v1/messages", [&registry](Request& request, Responder responder) {
    auto message = json::parse(request.body, nullptr, false);
    core::Status status = message.is_discarded()
                              ? core::Status::Error("body is not valid JSON")
                              : HandleControllerMessage(message, registry);
    if (!status.ok()) {
      DLOG_WARN("message refused", {{"error", status.message()}});
      responder.Json(400, core::FailedEnvelope(status.message()));
      return;
    }
    responder.Json(200, json{{"status", "SUCCESS"}, {"message", "success"}});
  });
  std::string log_dir = options.log_dir;
  const std::string base = "/apis/v1/logs/filestream/{p1}/{p2}";
  server.Route("GET", base + "/list", [log_dir](Request& request, Responder responder) {
    auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
    if (!folder) return Reply(responder, {400, "application/json", {}, R"({"error":"bad path"})"});
    Reply(responder, ListLogFiles(*folder));
  });
  server.Route("GET", base + "/read/{file}", [log_dir](Request& request, Responder responder) {
    auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
    bool ok = true;
    int64_t offset = QueryInt(request, "offset", -1, &ok);
    int64_t length = QueryInt(request, "length", -1, &ok);
    if (!folder || !ok) {
      return Reply(responder, {400, "application/json", {}, R"({"error":"bad request"})"});
    }
    Reply(responder, ReadLogFile(*folder, request.Param("file"), offset, length));
  });
  server.Route("GET", base + "/download/{file}", [log_dir](Request& request, Responder responder) {
    auto folder = LogFolder(log_dir, request.Param("p1"), request.Param("p2"));
    if (!folder) return Reply(responder, {400, "application/json", {}, R"({"error":"bad path"})"});
    const std::string& file = request.Param("file");
    bool rename = request.Query("rename").value_or("false") == "true";
    Reply(responder, DownloadLogFile(*folder, file, rename ? RenamedDownload(request, file) : file));
  });
}

}  // namespace drove::executor
