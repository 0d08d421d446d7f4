// Binds the route groups to the HTTP server behind Drove's filter order: authentication, then roles,
// then the leader check. Reads run on the HTTP loop; writes on the one writer thread.
#include "orchestrator/controller/api/controller_api.h"

#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

std::string AccessKey(const std::string& method, const std::string& pattern) {
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

}  // namespace

Reply ReplyThrough(core::Responder responder) {
  return [responder](ApiResponse response) { Send(responder, response); };
}

ControllerApi::ControllerApi(ControllerCore* core, const ControllerConfig& config,
                             std::string node_id)
    : core_(core),
      authenticator_(config),
      endpoints_(core),
      logs_(core, LogProxyOptions{std::move(node_id), config.ControllerSecret()}),
      writer_("api-writes", 1) {
  AddClusterRoutes(core_, &routes_);
  AddAppRoutes(core_, &routes_);
  AddLocalServiceRoutes(core_, &routes_);
  AddTaskRoutes(core_, &routes_);
  AddMessageRoutes(core_, &routes_);
  AddMaintenanceRoutes(core_, &routes_);
  AddInternalRoutes(core_, &routes_);
  endpoints_.AddRoutes(&routes_);
  logs_.AddRoutes(&routes_);
  for (const auto& route : routes_) access_[AccessKey(route.method, route.pattern)] = route.access;
}

ControllerApi::~ControllerApi() { Stop(); }

void ControllerApi::Stop() {
  endpoints_.Stop();
  logs_.Stop();
  writer_.Stop();
}

void ControllerApi::Register(core::HttpServer* server) {
  for (const auto& route : routes_) {
    const Route* bound = &route;
    server->Route(route.method, route.pattern,
                  [this, bound](core::Request& request, core::Responder responder) {
                    Dispatch(*bound, request, std::move(responder));
                  });
  }
  server->SetFilter([this](core::Request& request, core::Responder& responder) {
    return Filter(request, responder);
  });
}

bool ControllerApi::Filter(core::Request& request, core::Responder& responder) const {
  auto access = access_.find(AccessKey(request.method, request.route));
  if (access == access_.end()) return true;  // not one of ours
  std::optional<Principal> principal = authenticator_.Authenticate(LookupIn(request.headers));
  if (!principal) {
    DLOG_INFO("request unauthenticated", {{"method", request.method}, {"path", request.path},
                                          {"remote", request.remote_address}});
    Send(responder, Unauthorized());
    return false;
  }
  if (!authenticator_.Permits(*principal, access->second)) {
    DLOG_INFO("request forbidden", {{"method", request.method}, {"path", request.path},
                                    {"principal", principal->name},
                                    {"role", std::string(RoleName(*principal))}});
    Send(responder, Forbidden());
    return false;
  }
  if (!core_->IsLeader()) {
    Send(responder, NotLeader());
    return false;
  }
  request.principal = *principal;
  return true;
}

void ControllerApi::Dispatch(const Route& route, core::Request& request,
                             core::Responder responder) {
  ApiRequest api = ToApiRequest(request);
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
  if (const auto* principal = std::any_cast<Principal>(&request.principal)) {
    api.principal = *principal;
  }
  return api;
}

void ControllerApi::Serve(const Route& route, const ApiRequest& api,
                          const core::Responder& responder) const {
  Reply reply = ReplyThrough(responder);
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
