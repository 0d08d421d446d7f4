// Log file proxy: resolves the executor, calls its filestream API on a worker, relays the answer.
#include "orchestrator/controller/api/log_proxy.h"

#include "orchestrator/controller/engine/executor_client.h"
#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {

namespace {

ApiResponse NoContent() {
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

ApiResponse ProxyError(const std::string& text) {
  return Json(500, nlohmann::json{{"error", text}});
}

// The executor's reply, relayed: 200 bodies pass through; anything else becomes a 500.
ApiResponse Relay(const core::HttpResponse& executor, bool download) {
  if (executor.status != 200) {
    return ProxyError("Executor call returned: " + std::to_string(executor.status) +
                      " body: " + executor.body);
  }
  ApiResponse response;
  auto type = executor.headers.find("content-type");
  response.content_type = type != executor.headers.end() ? type->second
                          : download                     ? "application/octet-stream"
                                                         : "application/json";
  if (download) {
    auto disposition = executor.headers.find("content-disposition");
    if (disposition != executor.headers.end()) {
      response.headers.emplace_back("Content-Disposition", disposition->second);
    }
  }
  response.body = executor.body;
  return response;
}

}  // namespace

LogProxy::LogProxy(ControllerCore* core, LogProxyOptions options)
    : core_(core), options_(std::move(options)),
      workers_(std::make_unique<core::WorkerPool>("log-proxy", options_.workers)) {}

LogProxy::~LogProxy() { Stop(); }

void LogProxy::Stop() { workers_->Stop(); }

void LogProxy::Serve(const ApiRequest& request, const LogSource& source,
                     const std::string& action, Reply reply) {
  const std::string p1 = request.Param(source.owner_param);
  const std::string p2 = request.Param(source.id_param);
  // A local-service instance is found as an app instance is (its SI- id tells them apart).
  auto address = source.task ? core_->LocateTask(p1, p2) : core_->LocateAppInstance(p1, p2);
  if (!address || address->host.empty() || address->port <= 0) {
    DLOG_INFO("log request unresolved", {{"p1", p1}, {"p2", p2}, {"action", action}});
    return reply(NoContent());
  }
  std::string target = "/apis/v1/logs/filestream/" + core::PercentEncode(p1) + "/" +
                       core::PercentEncode(p2) + "/" + action;
  const std::string& file = request.Param("fileName");
  if (action != "list") target += "/" + core::PercentEncode(file);
  if (!request.query.empty()) target += "?" + core::BuildQuery(request.query);

  core::HttpRequest call;
  call.method = "GET";
  call.target = target;
  call.headers["NodeId"] = options_.node_id;
  call.headers["Cluster-Authorization"] = options_.controller_secret;
  const core::HttpTarget where = ExecutorTarget(*address, options_.tls);
  const bool download = action == "download";
  const auto timeout = std::chrono::seconds(options_.timeout_seconds);
  const std::string executor_id = address->executor_id;
  workers_->Submit([where, call, download, timeout, executor_id, reply = std::move(reply)] {
    try {
      auto result = core::HttpClient::Send(where, call, timeout);
      if (!result.ok()) {
        DLOG_WARN("executor log call failed", {{"executorId", executor_id},
                                               {"target", call.target}, {"error", result.error()}});
        return reply(ProxyError("Executor call failed: " + result.error()));
      }
      if (result->status != 200) {
        DLOG_WARN("executor log call refused",
                  {{"executorId", executor_id}, {"target", call.target},
                   {"status", std::to_string(result->status)}});
      }
      reply(Relay(*result, download));
    } catch (const std::exception& e) {
      DLOG_ERROR("log proxy failed", {{"executorId", executor_id}, {"error", e.what()}});
      reply(ServerError(e.what()));
    }
  });
}

void LogProxy::AddRoutes(std::vector<Route>* routes) {
  static const LogSource kSources[] = {
      {false, "applications", "appId", "instanceId"},
      {true, "tasks", "sourceAppName", "taskId"},
      {false, "localservices", "serviceId", "instanceId"},
  };
  for (const LogSource& source : kSources) {
    const std::string prefix = std::string("/apis/v1/logfiles/") + source.path + "/{" +
                               source.owner_param + "}/{" + source.id_param + "}";
    for (const std::string action : {"list", "read", "download"}) {
      const std::string suffix = action == "list" ? "/list" : "/" + action + "/{fileName}";
      routes->push_back({"GET", prefix + suffix,
                         [this, &source, action](const ApiRequest& r, Reply reply) {
                           Serve(r, source, action, std::move(reply));
                         }});
    }
  }
}

}  // namespace drove::controller::api
