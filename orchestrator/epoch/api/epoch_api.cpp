// Route registration, authentication and the writer thread of the Epoch API.
#include "orchestrator/epoch/api/epoch_api.h"

#include "orchestrator/core/net/cross_site_guard.h"
#include "orchestrator/core/net/json_depth.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/epoch_audit.h"
#include "orchestrator/epoch/api/role_matrix.h"
#include "orchestrator/epoch/metrics/metrics_route.h"
#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch::api {
namespace {

// Calls forwarded at once: each waits up to kProxyTimeout for the leader.
constexpr int kProxyThreads = 4;

// Deeper bodies are refused before parsing: the pass-through Drove objects are written back out
// recursively, and no topology needs more than a few levels. Checked here rather than at the HTTP
// edge so the refusal has Epoch's JSON-failure shape (main.cpp turns the edge's check off).
constexpr int kMaxJsonDepth = 64;

std::vector<RouteSpec> AllRoutes() {
  std::vector<RouteSpec> routes = TopologyRoutes();
  for (auto group : {RunRoutes(), UiRoutes(), UiSupportRoutes(), BrowserRoutes()}) {
    routes.insert(routes.end(), group.begin(), group.end());
  }
  return routes;
}

}  // namespace

BodyJson ParseBody(const core::Request& request) {
  BodyJson out;
  const std::string& body = request.body;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.error = ValidationFailure({"The request body may not be null"});
    return out;
  }
  if (core::JsonDeeperThan(body, kMaxJsonDepth)) {
    out.error = JsonFailure("Unable to process JSON: nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels");
    return out;
  }
  try {
    out.json = Json::parse(body);
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for 8E5011
    out.error = JsonFailure(std::string("Unable to process JSON: ") + e.what());
  }
  return out;
}

ApiReply TopologyNotFound(const std::string& id) {
  return EpochError(404, texts::kTopologyNotFound, "Topology not found: " + id);
}

ApiReply CronInvalid() {
  return EpochError(400, texts::kInputValidationError, texts::kCronValidation);
}

EpochApi::EpochApi(ApiContext context, const EpochConfig& config,
                   std::unique_ptr<core::AuditTrail> audit, const Leadership* leadership)
    : context_(std::move(context)),
      auth_(config),
      audit_(std::move(audit)),
      routes_(AllRoutes()),
      writer_("epoch-api", 1),
      leadership_(leadership),
      scheme_(config.tls.serving() ? "https" : "http"),
      proxy_(leadership ? kProxyThreads : 1, config.tls) {}

EpochApi::~EpochApi() { Stop(); }

void EpochApi::Stop() {
  writer_.Stop();
  proxy_.Stop();
}

void EpochApi::Register(core::HttpServer* server) {
  for (const RouteSpec& route : routes_) {
    if (!RequiredAccess(route.method, route.pattern)) {
      DLOG_ERROR("route has no row in the role matrix: refused to everyone",
                 {{"method", route.method}, {"pattern", route.pattern}});
    }
    server->Route(route.method, route.pattern,
                  [this, route](core::Request& request, core::Responder responder) {
                    Serve(route, request, responder);
                  });
  }
  server->SetFilter([this](core::Request& request, core::Responder& responder) {
    return Filter(request, responder);
  });
}

// Our filter runs after routing (Epoch's before): an unknown path gets the same 404 here as from
// the leader, except while no leader is known.
bool EpochApi::Filter(core::Request& request, core::Responder& responder) {
  if (RefusedCrossSite(request, responder)) return false;
  // /metrics, when served on this port, describes the node asked: authenticated, not forwarded;
  // so are the UI's files, the same on every node (its API calls are forwarded).
  if (leadership_ == nullptr || leadership_->Serving() || request.route == kMetricsPath ||
      IsBrowserRoute(request.route)) {
    return Authorize(request, responder);
  }
  std::string leader = leadership_->LeaderUrl();
  // Elected but still loading, or a call another node forwarded here: nobody else to ask.
  if (leader == context_.self_url || request.Header(kForwardedHeader)) leader.clear();
  proxy_.Forward(leader, request, responder);
  return false;
}

// Checked before forwarding, against the Host this node was asked by (core/net/cross_site_guard.h).
bool EpochApi::RefusedCrossSite(const core::Request& request,
                                const core::Responder& responder) const {
  auto header = [&request](std::string_view name) { return request.Header(name); };
  auto why = core::CrossSiteRefusal(request.method, header, request.body.size(), scheme_);
  if (!why) return false;
  DLOG_INFO("cross-site write refused",
            {{"method", request.method}, {"path", request.path}, {"why", *why}});
  Send(responder, Failed(403, *why));
  return true;
}

bool EpochApi::Authorize(core::Request& request, core::Responder& responder) const {
  std::optional<EpochPrincipal> principal = auth_.Authenticate(request.Header("Authorization"));
  const int refusal = Refusal(principal, request);
  if (refusal == 0) {
    request.principal = *principal;
    return true;
  }
  Audit(request, principal ? &*principal : nullptr, refusal);
  if (refusal == 401) {
    responder.Send(401, "text/plain", texts::kCredentialsRequired,
                   {{"WWW-Authenticate", "Basic realm=\"realm\""}});
  } else {
    responder.Empty(403);
  }
  return false;
}

int EpochApi::Refusal(const std::optional<EpochPrincipal>& principal,
                      const core::Request& request) const {
  if (!principal) {
    DLOG_INFO(
        "request unauthenticated",
        {{"method", request.method}, {"path", request.path}, {"remote", request.remote_address}});
    return 401;
  }
  auto access = RequiredAccess(request.method, request.route);
  if (!access || !Admits(*access, principal->role)) {
    DLOG_INFO("request forbidden", {{"method", request.method},
                                    {"path", request.path},
                                    {"principal", principal->name},
                                    {"role", std::string(RoleName(principal->role))}});
    return 403;
  }
  return 0;
}

void EpochApi::Audit(const core::Request& request, const EpochPrincipal* principal, int status,
                     const std::string& reply_body) const {
  if (audit_->Audits(request.method)) {
    audit_->Record(MakeAuditRecord(request, principal, status, reply_body));
  }
}

void EpochApi::Serve(const RouteSpec& route, core::Request& request,
                     const core::Responder& responder) {
  auto run = [this, route, responder](const core::Request& req) {
    ApiReply reply;
    try {
      reply = route.handler(context_, req);
    } catch (const std::exception& e) {
      DLOG_ERROR("request failed",
                 {{"method", req.method}, {"path", req.path}, {"error", e.what()}});
      reply = ServerError(e.what());
    }
    Audit(req, std::any_cast<EpochPrincipal>(&req.principal), reply.status, reply.body);
    Send(responder, reply);
  };
  if (!route.write) {
    run(request);
    return;
  }
  writer_.Submit([run, request = std::move(request)] { run(request); });
}

}  // namespace drove::epoch::api
