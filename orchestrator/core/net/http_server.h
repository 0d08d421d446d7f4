// HTTP server on libevent's evhttp: routing with {param} templates, a pre-handler filter hook, and
// Responder handles that reply exactly once, later, from any thread (long-poll, proxied calls).
// Owner: the EventLoop thread. Bind/Route/SetFilter/setters are called before the loop runs.
#pragma once

#include <any>
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
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/status.h"

struct evhttp;
struct evhttp_request;
struct evhttp_connection;

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

  bool sent() const;
  // Best effort: true once the server saw the client's connection close. libevent 2.1 stops
  // reading a connection while its request waits for a reply, so a parked long-poll usually
  // learns of a vanished client only when its reply is written (which is then a safe no-op).
  bool client_gone() const;

 private:
  friend class HttpServer;
  explicit Responder(std::shared_ptr<internal::ResponderState> state) : state_(std::move(state)) {}
  std::shared_ptr<internal::ResponderState> state_;
};

using Handler = std::function<void(Request&, Responder)>;
// Runs after routing, before the handler. Return false to stop (after replying through responder).
using Filter = std::function<bool(Request&, Responder&)>;

struct HttpServerOptions {
  size_t max_body_bytes = 16 * 1024 * 1024;  // larger bodies get 413 (a route may set its own)
  size_t max_header_bytes = 64 * 1024;
  int io_timeout_seconds =
      120;  // idle/read/write timeout; a request parked for its reply is exempt
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

  // Reads the certificate and key files again (e.g. on SIGHUP): new connections use them, open
  // ones keep theirs. On error the files in force stay and the error says which file failed.
  Status ReloadTls();

 private:
  struct Segment {
    enum Kind { kLiteral = 0, kParam = 1, kRest = 2 } kind;
    std::string text;  // literal text or parameter name
  };
  struct RouteEntry {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  static void OnRequest(evhttp_request* req, void* arg);
  static void OnConnectionClose(evhttp_connection* conn, void* arg);
  void Handle(evhttp_request* req);
  void Dispatch(Request& request, const RouteEntry& route, Responder responder);
  std::shared_ptr<internal::ReplySlot> TrackRequest(evhttp_request* req);
  // Best-matching pattern for the decoded segments, then the entry for `method` within it.
  // Sets *path_known when some pattern matches the path at all.
  const RouteEntry* Match(const std::string& method, const std::vector<std::string>& segments,
                          std::map<std::string, std::string>& params, bool* path_known,
                          std::string* allowed) const;

  EventLoop& loop_;
  HttpServerOptions options_;
  evhttp* http_ = nullptr;
  int port_ = 0;
  std::vector<RouteEntry> routes_;
  Filter filter_;
  // Requests still waiting for a reply, per connection, so a close can disarm them.
  std::unordered_map<evhttp_connection*, std::vector<std::weak_ptr<internal::ReplySlot>>> pending_;
};

}  // namespace drove::core
