// Binds the route groups to the HTTP server behind Drove's filter order: authentication, then roles
// (the role matrix), then the leader check. Reads run on the HTTP loop; writes on the one writer
// thread. Audited calls are recorded with their final status, refusals included.
#include "orchestrator/controller/api/controller_api.h"

#include <stdexcept>

#include "orchestrator/controller/api/audit_record.h"
#include "orchestrator/controller/api/metrics_routes.h"
#include "orchestrator/controller/api/role_matrix.h"
#include "orchestrator/controller/api/ui_routes.h"
#include "orchestrator/core/net/cross_site_guard.h"
#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

std::string RouteKey(const std::string& method, const std::string& pattern) {
  return method + " " + pattern;
}

HeaderLookup LookupIn(const core::HeaderMap& headers) {
  return [headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
}

void Send(const core::Responder& responder, const ApiResponse& response) {
  if (response.status == 204 || (response.body.empty() && response.content_type.empty())) {
    responder.Empty(response.status, response.headers);
    return;
  }
  responder.Send(response.status, response.content_type, response.body, response.headers);
}

std::unique_ptr<AuditTrail> OpenAudit(const ControllerConfig& config) {
  auto trail = AuditTrail::Open(config.audit, config.audited_http_methods);
  if (!trail.ok()) throw std::runtime_error(trail.error());
  return std::move(trail).value();
}

}  // namespace

Reply ReplyThrough(core::Responder responder) {
  return [responder](ApiResponse response) { Send(responder, response); };
}

ControllerApi::ControllerApi(ControllerCore* core, const ControllerConfig& config,
                             std::string node_id, std::unique_ptr<AuditTrail> audit)
    : core_(core),
      authenticator_(config),
      endpoints_(core),
      logs_(core, LogProxyOptions{node_id, config.ControllerSecret(), config.tls}),
      event_stream_(core, config.events_heartbeat),
      audit_(audit ? std::move(audit) : OpenAudit(config)),
      writer_("api-writes", 1),
      scheme_(config.tls.serving() ? "https" : "http") {
  AddClusterRoutes(core_, &routes_);
  AddAppRoutes(core_, &routes_);
  AddLocalServiceRoutes(core_, &routes_);
  AddTaskRoutes(core_, &routes_);
  AddMessageRoutes(core_, &routes_);
  AddMaintenanceRoutes(core_, &routes_);
  AddInternalRoutes(core_, &routes_);
  endpoints_.AddRoutes(&routes_);
  logs_.AddRoutes(&routes_);
  event_stream_.AddRoutes(&routes_);
  AddWhoamiRoute(&routes_);
  AddMetricsRoute(core_, &requests_, &event_stream_, &routes_);
  AddUiRoutes(core_, config, node_id, &routes_);
  for (auto& route : routes_) {
    route.access = RequiredAccess(route.method, route.pattern);
    if (!route.access) {
      DLOG_ERROR("route has no row in the role matrix: refused to everyone",
                 {{"method", route.method}, {"pattern", route.pattern}});
    }
    by_key_[RouteKey(route.method, route.pattern)] = &route;
  }
}

ControllerApi::~ControllerApi() { Stop(); }

void ControllerApi::Stop() {
  endpoints_.Stop();
  event_stream_.Stop();
  logs_.Stop();
  writer_.Stop();
}

void ControllerApi::Register(core::HttpServer* server) {
  for (const auto& route : routes_) {
    const Route* bound = &route;
    // Executors' reports are small and GET/DELETE carry no body; specs keep the server's 16 MB.
    size_t body_limit = route.pattern == "/apis/v1/messages" ? 4 << 20
                        : route.method == "POST"             ? 0
                                                             : 64 << 10;
    server->Route(route.method, route.pattern,
                  [this, bound](core::Request& request, core::Responder responder) {
                    Dispatch(*bound, request, std::move(responder));
                  },
                  core::RouteOptions{body_limit});
  }
  server->SetFilter([this](core::Request& request, core::Responder& responder) {
    return Filter(request, responder);
  });
  server->SetReplyObserver([this](const core::ReplyRecord& reply) {
    requests_.Observe(reply.method, reply.route, reply.status, reply.seconds);
  });
}

bool ControllerApi::Filter(core::Request& request, core::Responder& responder) const {
  // The router serves HEAD with the GET route, so HEAD is judged as that GET (it used to pass
  // unauthenticated, as no route is keyed HEAD).
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  auto found = by_key_.find(RouteKey(method, request.route));
  if (found == by_key_.end()) return true;  // not one of ours
  const Route& route = *found->second;
  const HeaderLookup header = LookupIn(request.headers);
  std::optional<Principal> principal = authenticator_.Authenticate(header);
  std::optional<ApiResponse> refusal = RefuseCrossSite(request, header);
  if (!refusal) refusal = Judge(route, principal, request);
  if (!refusal) {
    request.principal = *principal;
    return true;
  }
  AuditRefusal(route, request, principal ? &*principal : nullptr, refusal->status);
  Send(responder, *refusal);
  return false;
}

std::optional<ApiResponse> ControllerApi::Judge(const Route& route,
                                                const std::optional<Principal>& principal,
                                                const core::Request& request) const {
  if (!principal) {
    DLOG_INFO(
        "request unauthenticated",
        {{"method", request.method}, {"path", request.path}, {"remote", request.remote_address}});
    return Unauthorized();
  }
  if (!route.access || !authenticator_.Permits(*principal, *route.access)) {
    DLOG_INFO("request forbidden", {{"method", request.method},
                                    {"path", request.path},
                                    {"principal", principal->name},
                                    {"role", std::string(RoleName(*principal))}});
    return Forbidden();
  }
  if (!route.any_node && !core_->IsLeader()) return NotLeader();
  return std::nullopt;
}

std::optional<ApiResponse> ControllerApi::RefuseCrossSite(const core::Request& request,
                                                          const HeaderLookup& header) const {
  std::optional<std::string> reason =
      core::CrossSiteRefusal(request.method, header, request.body.size(), scheme_);
  if (!reason) return std::nullopt;
  DLOG_WARN("cross-site write refused", {{"method", request.method},
                                         {"path", request.path},
                                         {"remote", request.remote_address},
                                         {"reason", *reason}});
  return Json(403, core::FailedEnvelope(*reason));
}

// Executors' own calls (state reports every few seconds) would drown the trail: node-to-node
// traffic served on the cluster routes is left out; anything else a node does is recorded.
bool ControllerApi::Audited(const Route& route, const Principal* principal) const {
  if (!audit_->Audits(route.method)) return false;
  return !(principal != nullptr && principal->kind == PrincipalKind::kClusterNode &&
           route.access == Access::kClusterNode);
}

void ControllerApi::AuditRefusal(const Route& route, const core::Request& request,
                                 const Principal* principal, int status) const {
  if (!audit_->Audits(route.method)) return;  // every refusal, a node's too
  ApiRequest call;
  // The ids an authenticated caller's body names tell what it tried; an anonymous body is junk.
  if (principal != nullptr) call.body = request.body;
  call.method = request.method;
  call.path = request.path;
  call.params = request.path_params;
  call.query = request.query;
  call.remote_address = request.remote_address;
  audit_->Record(MakeAuditRecord(call, principal, status));
}

void ControllerApi::Dispatch(const Route& route, core::Request& request,
                             core::Responder responder) {
  ApiRequest api = ToApiRequest(request);
  api.responder = responder;
  if (route.method == "GET") {
    Serve(route, api, std::move(responder));
    return;
  }
  // A write may wait on the store (a ZooKeeper round trip); the loop keeps serving reads meanwhile.
  writer_.Submit([this, &route, api = std::move(api), responder = std::move(responder)] {
    Serve(route, api, responder);
  });
}

ApiRequest ControllerApi::ToApiRequest(core::Request& request) {
  ApiRequest api;
  api.method = request.method;
  api.path = request.path;
  api.params = request.path_params;
  api.query = request.query;
  api.header = LookupIn(request.headers);
  api.body = std::move(request.body);
  api.remote_address = request.remote_address;
  if (const auto* principal = std::any_cast<Principal>(&request.principal)) {
    api.principal = *principal;
  }
  return api;
}

void ControllerApi::Serve(const Route& route, const ApiRequest& api,
                          const core::Responder& responder) const {
  Reply reply = ReplyThrough(responder);
  if (Audited(route, &api.principal)) {
    // The record is made now (the handler may hand `reply` to another thread) and completed with
    // the status the caller gets, before the caller gets it.
    auto record = std::make_shared<AuditRecord>(MakeAuditRecord(api, &api.principal, 0));
    reply = [audit = audit_.get(), record, send = std::move(reply)](ApiResponse response) {
      record->status = response.status;
      audit->Record(*record);
      send(std::move(response));
    };
  }
  try {
    route.handler(api, reply);
  } catch (const std::exception& e) {
    DLOG_ERROR("request failed", {{"method", api.method}, {"path", api.path}, {"error", e.what()}});
    if (!responder.sent()) reply(ServerError(e.what()));
  } catch (...) {
    DLOG_ERROR("request failed", {{"method", api.method}, {"path", api.path}});
    if (!responder.sent()) reply(ServerError("unknown error"));
  }
}

}  // namespace drove::controller::api
