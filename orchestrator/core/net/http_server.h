// HTTP/1.1 server (plain or TLS) on libevent bufferevents: routing with {param} templates, a
// pre-handler filter hook, Responder handles that reply exactly once, later, from any thread
// (long-poll, proxied calls), and a hardened edge (size, depth, rate and connection limits,
// slow-request timeouts) whose refusals are JSON bodies.
// Streamed replies (response_stream.h) send their body in pieces over time.
// Owner: the EventLoop thread. Bind/Route/SetFilter/setters are called before the loop runs.
#pragma once

#include <any>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_router.h"
#include "orchestrator/core/net/response_stream.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};
using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;                              // "GET", "POST", ...
  std::string path;                                // raw (still encoded) path, no query
  std::string route;                               // the matched pattern, for per-route policy
  std::map<std::string, std::string> path_params;  // URL-decoded single segments
  QueryParams query;                               // repeated keys kept
  HeaderMap headers;                               // case-insensitive names
  std::string body;
  std::string remote_address;
  int remote_port = 0;
  std::any principal;  // set by the filter (authentication), read by handlers

  std::optional<std::string> Header(std::string_view name) const;
  std::optional<std::string> Query(std::string_view key) const { return QueryValue(query, key); }
  std::vector<std::string> QueryAll(std::string_view key) const { return QueryValues(query, key); }
  // The path parameter, or "" when the route has no such parameter.
  const std::string& Param(std::string_view name) const;
};

namespace internal {
struct ReplySlot;
struct ResponderState;
}  // namespace internal

// A copyable handle that answers one request. The first Send wins; later ones return false.
// Safe from any thread (marshalled to the loop thread) and a no-op once the client has gone.
// If every copy is dropped without a reply, the client gets a 500 (and an error is logged).
class Responder {
 public:
  Responder() = default;

  bool Send(int status, std::string_view content_type, std::string body,
            const HeaderList& extra_headers = {}) const;
  bool Json(int status, const nlohmann::json& body, const HeaderList& extra_headers = {}) const;
  // A reply with no body (e.g. 204 from the log APIs).
  bool Empty(int status, const HeaderList& extra_headers = {}) const;
  // A reply whose body follows in pieces (response_stream.h), e.g. text/event-stream. Counts as
  // the reply (a later Send returns false); an already answered request gets a closed stream.
  ResponseStream Stream(int status, std::string_view content_type, StreamOptions options,
                        const HeaderList& extra_headers = {}) const;

  bool sent() const;
  // True once the server saw the client's connection close (a parked request keeps watching for
  // it). Only a client that also pipelined more than the input cap goes unnoticed until the reply.
  bool client_gone() const;

 private:
  friend class HttpServer;
  explicit Responder(std::shared_ptr<internal::ResponderState> state) : state_(std::move(state)) {}
  std::shared_ptr<internal::ResponderState> state_;
};

using Handler = std::function<void(Request&, Responder)>;
// One answered request of a matched route, for metrics: `route` is the pattern (never the raw
// path), `seconds` from dispatch to the reply being handed to the loop.
struct ReplyRecord {
  std::string_view method;
  std::string_view route;
  int status = 0;
  double seconds = 0;
};
// Called once per reply, on the thread that replies (any thread): must be thread-safe and quick.
using ReplyObserver = std::function<void(const ReplyRecord&)>;
// Runs after routing, before the handler. Return false to stop (after replying through responder).
using Filter = std::function<bool(Request&, Responder&)>;

// The edge's limits. A refusal is a JSON body with its status, then the connection closes.
// Counts of 0 disable a limit. Each loopback address (127.0.0.x) is a client of its own.
struct HttpServerOptions {
  size_t max_header_bytes = 16 * 1024;       // request line + headers; more gets 431
  size_t max_body_bytes = 16 * 1024 * 1024;  // larger bodies get 413 (a route may set its own)
  int max_json_depth = 64;                   // deeper JSON bodies get 400 before any handler
  int max_connections = 4096;                // over it (or the per-client one): 429
  int max_connections_per_client = 512;
  int max_requests_per_second_per_client = 2000;  // token bucket refill rate; over it: 429
  int request_burst_per_client = 4000;            // the bucket's size
  // A request head (and a TLS handshake before it) must arrive whole within this: 408.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};  // the body, from the end of the head: 408
  // Idle keep-alive connections close after this, and so does a write that makes no progress.
  // A request parked for its reply is exempt.
  int io_timeout_seconds = 60;
  TlsConfig tls;  // serving() = HTTPS on every bound socket
};

// Per-route policy, e.g. executor messages are small and app specs large.
struct RouteOptions {
  size_t max_body_bytes = 0;  // 0 = the server's max_body_bytes
};

class HttpServer {
 public:
  explicit HttpServer(EventLoop& loop, HttpServerOptions options = {});
  ~HttpServer();  // call on the loop thread or after the loop stopped
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port; port 0 picks a free port (read it back with port()). May be called
  // more than once (e.g. IPv4 and IPv6).
  Status Bind(const std::string& host, int port);
  int port() const { return port_; }

  // Pattern segments are literals or `{name}` (one segment, URL-decoded). A final `{name...}`
  // takes the rest of the path. At the first differing segment a literal beats `{name}`, which
  // beats `{name...}`. Unknown path: 404; known path, other method: 405.
  void Route(std::string method, std::string_view pattern, Handler handler,
             RouteOptions route_options = {});
  void SetFilter(Filter filter) { filter_ = std::move(filter); }
  // Sees every reply to a request that matched a route (filter refusals included).
  void SetReplyObserver(ReplyObserver observer) {
    observer_ = std::make_shared<const ReplyObserver>(std::move(observer));
  }

  // Reads the certificate and key files again (e.g. on SIGHUP): new connections use them, open
  // ones keep theirs. On error the files in force stay and the error says which file failed.
  // Safe from any thread.
  Status ReloadTls();

 private:
  class Edge;  // listeners, connections, limits and TLS (http_server_edge.h)

  // Routes one complete request and runs the filter and handler (or answers 400/404/405).
  void Dispatch(Request& request, std::shared_ptr<internal::ReplySlot> slot);
  // The body limit of the route `method target` would take (the server's when none).
  size_t BodyLimit(const std::string& method, std::string_view target) const;

  EventLoop& loop_;
  HttpServerOptions options_;
  int port_ = 0;
  HttpRouter router_;
  std::vector<Handler> handlers_;    // by route index
  std::vector<size_t> body_limits_;  // by route index
  Filter filter_;
  // Shared with each request's responder, which may reply after the server is gone.
  std::shared_ptr<const ReplyObserver> observer_;
  std::unique_ptr<Edge> edge_;
};

}  // namespace drove::core
