// Blocking HTTP/1.1 client over TCP or a unix socket: for executor calls, engine calls and the CLI.
// Each call opens its own connection (Connection: close), so a client object is safe to share.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "orchestrator/core/util/status.h"

namespace drove::core {

// Where a request goes: host:port over TCP (TLS when `tls`), or a unix socket path (when
// unix_socket is non-empty). ApplyTlsConfig (apply_tls_config.h) sets the tls_* fields from a
// daemon's `tls:` section.
struct HttpTarget {
  std::string host;
  int port = 80;
  std::string unix_socket;
  bool tls = false;        // https://: TLS with SNI = host
  bool tls_verify = true;  // with tls: verify the peer's chain and its host name (or IP)
  // (`= {}` lets brace-initialised targets such as {host, port, ""} leave these out.)
  std::string tls_ca_file = {};    // PEM CA certificates to verify against; empty: system store
  std::string tls_cert_file = {};  // PEM client certificate (chain) for mutual TLS; empty: none
  std::string tls_key_file = {};   // its private key; empty: read from tls_cert_file

  // Parses "http://host:port", "https://host:port" (port 443 by default), "host:port" or
  // "unix:///path/to.sock".
  static Result<HttpTarget> Parse(std::string_view url);
  std::string ToString() const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // path plus query, already encoded
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // de-chunked
};

class HttpClient {
 public:
  // Sends one request and reads the whole response. Fails on connect/IO errors or timeout (total),
  // or when *cancel becomes true (checked at least every 200 ms), e.g. to end a long-poll at once.
  static Result<HttpResponse> Send(const HttpTarget& target, const HttpRequest& request,
                                   std::chrono::milliseconds timeout,
                                   const std::atomic<bool>* cancel = nullptr);

  // Sends one request and hands body bytes to on_data as they arrive (de-chunked), until the
  // server closes, on_data returns false, or *cancel becomes true (checked at least every 200 ms).
  // Returns the response head (body left empty). For streams such as `docker logs --follow`.
  // A non-2xx answer is not streamed: its body (up to 64 KB) is returned in the response instead.
  // Only connect and send are bounded by connect_timeout; waiting for the head ends on cancel.
  static Result<HttpResponse> Stream(const HttpTarget& target, const HttpRequest& request,
                                     std::chrono::milliseconds connect_timeout,
                                     const std::function<bool(std::string_view)>& on_data,
                                     const std::atomic<bool>* cancel);
};

}  // namespace drove::core
