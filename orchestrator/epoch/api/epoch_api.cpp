// Route registration, authentication and the writer thread of the Epoch API.
#include "orchestrator/epoch/api/epoch_api.h"

#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/metrics/metrics_route.h"
#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch::api {
namespace {

// Calls forwarded at once: each waits up to kProxyTimeout for the leader.
constexpr int kProxyThreads = 4;

// Deeper bodies are refused before parsing: the pass-through Drove objects are written back out
// recursively, and no topology needs more than a few levels.
constexpr int kMaxJsonDepth = 64;

bool TooDeep(const std::string& body) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

}  // namespace

BodyJson ParseBody(const core::Request& request) {
  BodyJson out;
  const std::string& body = request.body;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.error = ValidationFailure({"The request body may not be null"});
    return out;
  }
  if (TooDeep(body)) {
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

EpochApi::EpochApi(ApiContext context, EpochAuthenticator auth, const Leadership* leadership)
    : context_(std::move(context)),
      auth_(std::move(auth)),
      writer_("epoch-api", 1),
      leadership_(leadership),
      proxy_(leadership ? kProxyThreads : 1) {}

EpochApi::~EpochApi() { Stop(); }

void EpochApi::Stop() {
  writer_.Stop();
  proxy_.Stop();
}

void EpochApi::Register(core::HttpServer* server) {
  std::vector<RouteSpec> routes = TopologyRoutes();
  for (auto group : {RunRoutes(), UiRoutes()}) {
    routes.insert(routes.end(), group.begin(), group.end());
  }
  for (const RouteSpec& route : routes) {
    if (route.write) write_routes_.insert({route.method, route.pattern});
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
  // /metrics, when served on this port, describes the node asked: authenticated, not forwarded.
  if (leadership_ == nullptr || leadership_->Serving() || request.route == kMetricsPath) {
    return Authorize(request, responder);
  }
  std::string leader = leadership_->LeaderUrl();
  // Elected but still loading, or a call another node forwarded here: nobody else to ask.
  if (leader == context_.self_url || request.Header(kForwardedHeader)) leader.clear();
  proxy_.Forward(leader, request, responder);
  return false;
}

bool EpochApi::Authorize(core::Request& request, core::Responder& responder) const {
  auto role = auth_.Authenticate(request.Header("Authorization"));
  if (!role) {
    responder.Send(401, "text/plain", texts::kCredentialsRequired,
                   {{"WWW-Authenticate", "Basic realm=\"realm\""}});
    return false;
  }
  if (*role != EpochRole::kReadWrite && write_routes_.count({request.method, request.route})) {
    responder.Empty(403);
    return false;
  }
  return true;
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
    Send(responder, reply);
  };
  if (!route.write) {
    run(request);
    return;
  }
  writer_.Submit([run, request = std::move(request)] { run(request); });
}

}  // namespace drove::epoch::api
