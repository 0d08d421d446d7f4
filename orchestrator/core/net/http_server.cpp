// HttpServer: requests and thread-safe deferred replies, route registration and dispatch (404,
// 405, JSON depth, filter, handler). The network side is HttpServer::Edge.
#include "orchestrator/core/net/http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/net/http_server_edge.h"
#include "orchestrator/core/net/json_depth.h"
#include "orchestrator/core/util/log.h"

namespace drove::core {

namespace internal {

void SendOnLoop(ReplySlot& slot, HttpReply reply) {
  if (slot.connection == nullptr) {
    DLOG_DEBUG("reply dropped, client gone", {{"method", slot.method}, {"path", slot.path}});
    return;
  }
  if (reply.status < 200 || reply.status > 599) reply.status = 500;
  slot.connection->Reply(slot, std::move(reply));
}

struct ResponderState {
  std::shared_ptr<ReplySlot> slot;
  LoopHandle loop;
  std::atomic<bool> sent{false};
  // Set once the request matched a route; the observer then hears of the reply.
  std::shared_ptr<const ReplyObserver> observer;
  std::string route;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  void Observe(int status) const {
    if (!observer || route.empty()) return;
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    (*observer)(ReplyRecord{slot->method, route, status, elapsed.count()});
  }

  void Deliver(HttpReply reply) {
    if (loop.InLoopThread()) {
      SendOnLoop(*slot, std::move(reply));
    } else {
      loop.Post([slot = slot, reply = std::move(reply)]() mutable {
        SendOnLoop(*slot, std::move(reply));
      });
    }
  }

  ~ResponderState() {
    if (sent.exchange(true)) return;
    DLOG_ERROR("request dropped without a reply", {{"method", slot->method}, {"path", slot->path}});
    Observe(500);
    Deliver(HttpReply{
        500, "application/json", DumpJson(ServerErrorEnvelope("no reply was produced")), {}});
  }
};

}  // namespace internal

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string> Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

const std::string& Request::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = path_params.find(std::string(name));
  return it == path_params.end() ? kEmpty : it->second;
}

bool Responder::Send(int status, std::string_view content_type, std::string body,
                     const HeaderList& extra_headers) const {
  if (!state_ || state_->sent.exchange(true)) return false;
  state_->Observe(status);
  state_->Deliver(HttpReply{status, std::string(content_type), std::move(body), extra_headers});
  return true;
}

bool Responder::Json(int status, const nlohmann::json& body,
                     const HeaderList& extra_headers) const {
  return Send(status, "application/json", DumpJson(body), extra_headers);
}

bool Responder::Empty(int status, const HeaderList& extra_headers) const {
  return Send(status, "", "", extra_headers);
}

ResponseStream Responder::Stream(int status, std::string_view content_type, StreamOptions options,
                                 const HeaderList& extra_headers) const {
  if (!state_ || state_->sent.exchange(true)) return ResponseStream();
  state_->Observe(status);
  return internal::StartResponseStream(
      state_->slot, state_->loop,
      HttpReply{status, std::string(content_type), "", extra_headers, BodyFraming::kChunked},
      std::move(options));
}

bool Responder::sent() const { return state_ && state_->sent.load(); }

bool Responder::client_gone() const { return state_ && state_->slot->client_gone.load(); }

HttpServer::HttpServer(EventLoop& loop, HttpServerOptions options)
    : loop_(loop), options_(std::move(options)), edge_(std::make_unique<Edge>(this)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind(const std::string& host, int port) {
  if (port < 0 || port > 65535) return Status::Error("port out of range: " + std::to_string(port));
  const bool tls = options_.tls.serving();
  if (tls && edge_->tls() == nullptr) {
    Status loaded = edge_->LoadTls();
    if (!loaded.ok()) return Status::Error("cannot serve HTTPS: " + loaded.message());
  }
  Result<int> bound = edge_->Listen(host, port);
  if (!bound.ok()) return bound.status();
  port_ = *bound;
  DLOG_INFO("http server listening",
            {{"host", host}, {"port", std::to_string(port_)}, {"tls", tls ? "on" : "off"}});
  return Status::Ok();
}

Status HttpServer::ReloadTls() {
  // No log line here: the caller (ReloadTlsOnSighup) writes one for all of a daemon's servers.
  if (!options_.tls.serving()) return Status::Error("TLS is not configured (certFile, keyFile)");
  return edge_->LoadTls();
}

void HttpServer::Route(std::string method, std::string_view pattern, Handler handler,
                       RouteOptions route_options) {
  router_.Add(std::move(method), pattern);
  handlers_.push_back(std::move(handler));
  body_limits_.push_back(route_options.max_body_bytes);
}

size_t HttpServer::BodyLimit(const std::string& method, std::string_view target) const {
  std::vector<std::string> segments;
  for (std::string_view part : SplitPath(target.substr(0, target.find_first_of("?#")))) {
    auto decoded = PercentDecode(part);
    if (!decoded) return options_.max_body_bytes;
    segments.push_back(std::move(*decoded));
  }
  HttpRouter::Match match = router_.Find(method, segments);
  if (match.index && body_limits_[*match.index] > 0) return body_limits_[*match.index];
  return options_.max_body_bytes;
}

void HttpServer::Dispatch(Request& request, std::shared_ptr<internal::ReplySlot> slot) {
  auto state = std::make_shared<internal::ResponderState>();
  state->slot = std::move(slot);
  state->loop = loop_.handle();
  internal::ResponderState& observed = *state;
  Responder responder(std::move(state));
  std::vector<std::string> segments;
  for (std::string_view part : SplitPath(request.path)) {
    auto decoded = PercentDecode(part);
    if (!decoded) {
      responder.Json(400, FrameworkError(400, "HTTP 400 Bad Request"));
      return;
    }
    segments.push_back(std::move(*decoded));
  }
  HttpRouter::Match match = router_.Find(request.method, segments);
  if (!match.index) {
    if (match.path_known) {
      responder.Json(405, FrameworkError(405, "HTTP 405 Method Not Allowed"),
                     {{"Allow", match.allowed}});
    } else {
      responder.Json(404, FrameworkError(404, "HTTP 404 Not Found"));
    }
    return;
  }
  request.route = router_.pattern(*match.index);
  observed.observer = observer_;
  observed.route = request.route;
  request.path_params = std::move(match.params);
  // Handlers parse JSON recursively: a deep body is refused before any of them sees it.
  if (options_.max_json_depth > 0 &&
      LooksLikeJson(request.Header("Content-Type").value_or(""), request.body) &&
      JsonDeeperThan(request.body, options_.max_json_depth)) {
    std::string why =
        "JSON nested deeper than " + std::to_string(options_.max_json_depth) + " levels";
    edge_->Note("request refused: JSON too deep",
                PeerAddress{request.remote_address, request.remote_port}, why);
    responder.Json(400, JsonValidationFailure(why));
    return;
  }
  const Handler& handler = handlers_[*match.index];
  try {
    if (filter_ && !filter_(request, responder)) return;
    handler(request, responder);
  } catch (const std::exception& e) {
    DLOG_ERROR("handler threw",
               {{"method", request.method}, {"path", request.path}, {"error", e.what()}});
    responder.Json(500, ServerErrorEnvelope(e.what()));
  } catch (...) {
    DLOG_ERROR("handler threw", {{"method", request.method}, {"path", request.path}});
    responder.Json(500, ServerErrorEnvelope("unknown error"));
  }
}

}  // namespace drove::core
