// evhttp-based server: request decoding, route matching, filter, and thread-safe deferred replies.
#include "orchestrator/core/net/http_server.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/util/log.h"

namespace drove::core {

namespace internal {

// The libevent request while it still waits for its reply. Touched on the loop thread only;
// `req` is nulled when the reply is sent or the connection closes (libevent then frees it).
struct ReplySlot {
  evhttp_request* req = nullptr;
  std::atomic<bool> client_gone{false};
  std::string method;
  std::string path;
};

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
  HeaderList headers;
};

void SendOnLoop(ReplySlot& slot, const Reply& reply) {
  evhttp_request* req = slot.req;
  if (req == nullptr) {
    DLOG_DEBUG("reply dropped, client gone", {{"method", slot.method}, {"path", slot.path}});
    return;
  }
  slot.req = nullptr;
  evkeyvalq* headers = evhttp_request_get_output_headers(req);
  if (!reply.content_type.empty()) {
    evhttp_add_header(headers, "Content-Type", reply.content_type.c_str());
  }
  for (const auto& [name, value] : reply.headers) {
    if (evhttp_add_header(headers, name.c_str(), value.c_str()) != 0) {
      DLOG_WARN("invalid response header dropped", {{"header", name}, {"path", slot.path}});
    }
  }
  evbuffer_add(evhttp_request_get_output_buffer(req), reply.body.data(), reply.body.size());
  int status = reply.status >= 100 && reply.status <= 599 ? reply.status : 500;
  evhttp_send_reply(req, status, nullptr, nullptr);
}

struct ResponderState {
  std::shared_ptr<ReplySlot> slot;
  LoopHandle loop;
  std::atomic<bool> sent{false};

  void Deliver(Reply reply) {
    if (loop.InLoopThread()) {
      SendOnLoop(*slot, reply);
    } else {
      loop.Post([slot = slot, reply = std::move(reply)] { SendOnLoop(*slot, reply); });
    }
  }

  ~ResponderState() {
    if (sent.exchange(true)) return;
    DLOG_ERROR("request dropped without a reply", {{"method", slot->method}, {"path", slot->path}});
    Deliver(
        Reply{500, "application/json", DumpJson(ServerErrorEnvelope("no reply was produced")), {}});
  }
};

}  // namespace internal

namespace {

using internal::Reply;

const char* MethodName(evhttp_cmd_type type) {
  switch (type) {
    case EVHTTP_REQ_GET:
      return "GET";
    case EVHTTP_REQ_POST:
      return "POST";
    case EVHTTP_REQ_HEAD:
      return "HEAD";
    case EVHTTP_REQ_PUT:
      return "PUT";
    case EVHTTP_REQ_DELETE:
      return "DELETE";
    case EVHTTP_REQ_OPTIONS:
      return "OPTIONS";
    case EVHTTP_REQ_TRACE:
      return "TRACE";
    case EVHTTP_REQ_CONNECT:
      return "CONNECT";
    case EVHTTP_REQ_PATCH:
      return "PATCH";
  }
  return "";
}

// "/a/b/" -> {"a","b"}: one trailing slash is ignored, as Jersey does.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return out;
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void SendPlain(evhttp_request* req, int status, const nlohmann::json& body, const char* allow) {
  evkeyvalq* headers = evhttp_request_get_output_headers(req);
  evhttp_add_header(headers, "Content-Type", "application/json");
  if (allow != nullptr) evhttp_add_header(headers, "Allow", allow);
  std::string text = DumpJson(body);
  evbuffer_add(evhttp_request_get_output_buffer(req), text.data(), text.size());
  evhttp_send_reply(req, status, nullptr, nullptr);
}

}  // namespace

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
  state_->Deliver(Reply{status, std::string(content_type), std::move(body), extra_headers});
  return true;
}

bool Responder::Json(int status, const nlohmann::json& body,
                     const HeaderList& extra_headers) const {
  return Send(status, "application/json", DumpJson(body), extra_headers);
}

bool Responder::Empty(int status, const HeaderList& extra_headers) const {
  return Send(status, "", "", extra_headers);
}

bool Responder::sent() const { return state_ && state_->sent.load(); }

bool Responder::client_gone() const { return state_ && state_->slot->client_gone.load(); }

HttpServer::HttpServer(EventLoop& loop, HttpServerOptions options)
    : loop_(loop), options_(options) {
  http_ = evhttp_new(loop_.base());
  evhttp_set_gencb(http_, OnRequest, this);
  evhttp_set_max_body_size(http_, static_cast<ev_ssize_t>(options_.max_body_bytes));
  evhttp_set_max_headers_size(http_, static_cast<ev_ssize_t>(options_.max_header_bytes));
  evhttp_set_timeout(http_, options_.io_timeout_seconds);
  evhttp_set_allowed_methods(http_, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
                                        EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
                                        EVHTTP_REQ_PATCH);
}

HttpServer::~HttpServer() {
  // Disarm every pending reply before libevent frees the requests.
  for (auto& [conn, slots] : pending_) {
    for (auto& weak : slots) {
      if (auto slot = weak.lock()) {
        slot->req = nullptr;
        slot->client_gone = true;
      }
    }
  }
  pending_.clear();
  evhttp_free(http_);
}

Status HttpServer::Bind(const std::string& host, int port) {
  if (port < 0 || port > 65535) return Status::Error("port out of range: " + std::to_string(port));
  evhttp_bound_socket* bound =
      evhttp_bind_socket_with_handle(http_, host.c_str(), static_cast<uint16_t>(port));
  if (bound == nullptr) {
    return Status::Error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                         std::strerror(errno));
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(evhttp_bound_socket_get_fd(bound), reinterpret_cast<sockaddr*>(&addr), &len) ==
      0) {
    if (addr.ss_family == AF_INET) port_ = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6)
      port_ = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  }
  DLOG_INFO("http server listening", {{"host", host}, {"port", std::to_string(port_)}});
  return Status::Ok();
}

Status HttpServer::ReloadTls() { return Status::Error("TLS serving is not built yet"); }

void HttpServer::Route(std::string method, std::string_view pattern, Handler handler,
                       RouteOptions) {
  RouteEntry entry{std::move(method), std::string(pattern), {}, std::move(handler)};
  for (std::string_view part : SplitPath(pattern)) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      bool rest = name.size() > 3 && name.substr(name.size() - 3) == "...";
      if (rest) name.remove_suffix(3);
      entry.segments.push_back({rest ? Segment::kRest : Segment::kParam, std::string(name)});
    } else {
      entry.segments.push_back({Segment::kLiteral, std::string(part)});
    }
  }
  routes_.push_back(std::move(entry));
}

const HttpServer::RouteEntry* HttpServer::Match(const std::string& method,
                                                const std::vector<std::string>& segments,
                                                std::map<std::string, std::string>& params,
                                                bool* path_known, std::string* allowed) const {
  // Rank = segment kinds in order; the smallest rank (literal < param < rest) is most specific.
  auto rank_of = [&](const RouteEntry& route) -> std::optional<std::vector<int>> {
    std::vector<int> rank;
    for (size_t i = 0; i < route.segments.size(); ++i) {
      const Segment& seg = route.segments[i];
      if (seg.kind == Segment::kRest) {
        if (i >= segments.size()) return std::nullopt;  // rest needs at least one segment
        rank.push_back(seg.kind);
        return rank;
      }
      if (i >= segments.size()) return std::nullopt;
      if (seg.kind == Segment::kLiteral && seg.text != segments[i]) return std::nullopt;
      rank.push_back(seg.kind);
    }
    if (route.segments.size() != segments.size()) return std::nullopt;
    return rank;
  };
  std::optional<std::vector<int>> best;
  std::vector<const RouteEntry*> group;
  for (const auto& route : routes_) {
    auto rank = rank_of(route);
    if (!rank) continue;
    if (!best || *rank < *best) {
      best = rank;
      group.clear();
    }
    if (*rank == *best) group.push_back(&route);
  }
  *path_known = !group.empty();
  const RouteEntry* chosen = nullptr;
  for (const RouteEntry* route : group) {
    if (route->method == method) chosen = route;
  }
  if (chosen == nullptr && method == "HEAD") {
    for (const RouteEntry* route : group) {
      if (route->method == "GET") chosen = route;
    }
  }
  if (chosen == nullptr) {
    for (const RouteEntry* route : group) {
      if (allowed->find(route->method) != std::string::npos) continue;
      if (!allowed->empty()) allowed->append(", ");
      allowed->append(route->method);
    }
    return nullptr;
  }
  for (size_t i = 0; i < chosen->segments.size(); ++i) {
    const Segment& seg = chosen->segments[i];
    if (seg.kind == Segment::kParam) params[seg.text] = segments[i];
    if (seg.kind == Segment::kRest) {
      std::string rest;
      for (size_t j = i; j < segments.size(); ++j)
        rest.append(j > i ? "/" : "").append(segments[j]);
      params[seg.text] = rest;
    }
  }
  return chosen;
}

std::shared_ptr<internal::ReplySlot> HttpServer::TrackRequest(evhttp_request* req) {
  auto slot = std::make_shared<internal::ReplySlot>();
  slot->req = req;
  evhttp_connection* conn = evhttp_request_get_connection(req);
  if (conn == nullptr) return slot;
  auto& slots = pending_[conn];
  std::erase_if(slots, [](const auto& weak) {
    auto s = weak.lock();
    return s == nullptr || s->req == nullptr;
  });
  slots.push_back(slot);
  evhttp_connection_set_closecb(conn, OnConnectionClose, this);
  return slot;
}

void HttpServer::OnConnectionClose(evhttp_connection* conn, void* arg) {
  auto* server = static_cast<HttpServer*>(arg);
  auto it = server->pending_.find(conn);
  if (it == server->pending_.end()) return;
  for (auto& weak : it->second) {
    if (auto slot = weak.lock()) {
      slot->req = nullptr;  // libevent frees the request right after this callback
      slot->client_gone = true;
    }
  }
  server->pending_.erase(it);
}

void HttpServer::OnRequest(evhttp_request* req, void* arg) {
  static_cast<HttpServer*>(arg)->Handle(req);
}

void HttpServer::Handle(evhttp_request* req) {
  Request request;
  request.method = MethodName(evhttp_request_get_command(req));
  const evhttp_uri* uri = evhttp_request_get_evhttp_uri(req);
  const char* path = uri != nullptr ? evhttp_uri_get_path(uri) : nullptr;
  request.path = path != nullptr && *path != '\0' ? path : "/";
  const char* query = uri != nullptr ? evhttp_uri_get_query(uri) : nullptr;
  if (query != nullptr) request.query = ParseQuery(query);

  std::vector<std::string> segments;
  for (std::string_view part : SplitPath(request.path)) {
    auto decoded = PercentDecode(part);
    if (!decoded) {
      SendPlain(req, 400, FrameworkError(400, "HTTP 400 Bad Request"), nullptr);
      return;
    }
    segments.push_back(std::move(*decoded));
  }
  bool path_known = false;
  std::string allowed;
  const RouteEntry* route =
      Match(request.method, segments, request.path_params, &path_known, &allowed);
  if (route == nullptr) {
    if (path_known) {
      SendPlain(req, 405, FrameworkError(405, "HTTP 405 Method Not Allowed"), allowed.c_str());
    } else {
      SendPlain(req, 404, FrameworkError(404, "HTTP 404 Not Found"), nullptr);
    }
    return;
  }
  request.route = route->pattern;

  const evkeyvalq* headers = evhttp_request_get_input_headers(req);
  for (const evkeyval* kv = headers->tqh_first; kv != nullptr; kv = kv->next.tqe_next) {
    request.headers.emplace(kv->key, kv->value);
  }
  evbuffer* input = evhttp_request_get_input_buffer(req);
  size_t body_size = evbuffer_get_length(input);
  request.body.resize(body_size);
  if (body_size > 0) evbuffer_copyout(input, request.body.data(), body_size);
  evhttp_connection* conn = evhttp_request_get_connection(req);
  if (conn != nullptr) {
    char* address = nullptr;
    uint16_t port = 0;
    evhttp_connection_get_peer(conn, &address, &port);
    if (address != nullptr) request.remote_address = address;
    request.remote_port = port;
  }

  auto slot = TrackRequest(req);
  slot->method = request.method;
  slot->path = request.path;
  auto state = std::make_shared<internal::ResponderState>();
  state->slot = std::move(slot);
  state->loop = loop_.handle();
  Dispatch(request, *route, Responder(std::move(state)));
}

void HttpServer::Dispatch(Request& request, const RouteEntry& route, Responder responder) {
  try {
    if (filter_ && !filter_(request, responder)) return;
    route.handler(request, responder);
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
