// Epoch's LeaderRoutingFilter: a node that does not lead re-issues every API call to the leader
// and answers with the leader's reply (epoch-api.md section 4, "Non-leader proxying").
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"
#include "orchestrator/core/util/worker_pool.h"

namespace drove::epoch::api {

// What the API needs to know of the election (implemented over coordination::LeaderElection).
class Leadership {
 public:
  virtual ~Leadership() = default;
  // True while this node leads and has loaded the state: it answers calls itself.
  virtual bool Serving() const = 0;
  // The leader's id, "http://host:port"; "" when no leader is known.
  virtual std::string LeaderUrl() const = 0;
};

// Epoch's client: 2 s to connect and 2 s for the answer; ours bounds the whole call by their sum.
inline constexpr std::chrono::milliseconds kProxyTimeout{4000};
// Ours, on every forwarded call: a node that does not lead answers such a call "No leader found"
// instead of forwarding it again, so two nodes with stale views cannot bounce a call between them.
inline constexpr const char* kForwardedHeader = "X-Epoch-Forwarded";

// The call to send to the leader: same method, path and query, headers without the hop-by-hop
// ones (Connection, Host, Content-Length, Accept-Encoding, Transfer-Encoding, Vary) plus
// kForwardedHeader, the body for POST and PUT. "/apis/ui/..." goes to "/..." (Epoch strips the UI
// resource prefix). Other methods than GET/POST/PUT/DELETE are an error, as Epoch's.
core::Result<core::HttpRequest> ProxiedRequest(const core::Request& request);
// The leader's reply headers to pass back: the same filter, and without Content-Type (the
// Responder sends that one itself).
core::HeaderList ProxiedReplyHeaders(const std::map<std::string, std::string>& headers);

class LeaderProxy {
 public:
  // `tls` verifies an https:// leader (and is our client certificate under mutual TLS).
  explicit LeaderProxy(int threads, core::TlsConfig tls = {});
  ~LeaderProxy();

  // Answers on a proxy thread: the leader's status, body and headers, or 500 "Error proxying
  // request due to error: <why>". An empty leader_url is 500 "No leader found in epoch cluster".
  void Forward(const std::string& leader_url, const core::Request& request,
               const core::Responder& responder);
  void Stop();

 private:
  core::WorkerPool pool_;
  const core::TlsConfig tls_;
};

}  // namespace drove::epoch::api
