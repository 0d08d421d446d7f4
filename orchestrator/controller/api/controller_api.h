// The controller's /apis/v1 surface: builds every route group and binds them, behind Drove's
// authentication and role filter (the role matrix) and the audit trail, to an HttpServer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/controller/api/endpoint_feed.h"
#include "orchestrator/controller/api/event_stream.h"
#include "orchestrator/controller/api/log_proxy.h"
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/controller/auth/audit_trail.h"
#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/controller/controller_core.h"
#include "orchestrator/core/metrics/http_request_metrics.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/worker_pool.h"

namespace drove::controller::api {

class ControllerApi {
 public:
  // `core` must outlive this object. `node_id` names this controller to executors. Without an
  // `audit` trail one is opened from the config (throws std::runtime_error if it cannot be).
  ControllerApi(ControllerCore* core, const ControllerConfig& config, std::string node_id,
                std::unique_ptr<AuditTrail> audit = nullptr);
  ~ControllerApi();
  ControllerApi(const ControllerApi&) = delete;
  ControllerApi& operator=(const ControllerApi&) = delete;

  // Adds every route and the auth filter (authentication -> 401, role -> 403). Call before the
  // server's loop runs; the server must not outlive this object while serving.
  void Register(core::HttpServer* server);

  // Answers parked long-polls, ends event streams, finishes queued log calls and writes. Call
  // before the loop stops.
  void Stop();

  // Every route, each with the access the role matrix gives it.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  bool Filter(core::Request& request, core::Responder& responder) const;
  // The refusal (401, 403, 400 not leader) for a call, or nullopt to serve it.
  std::optional<ApiResponse> Judge(const Route& route, const std::optional<Principal>& principal,
                                   const core::Request& request) const;
  // 403 for a write a browser was made to send from another site (cross_site_guard.h).
  std::optional<ApiResponse> RefuseCrossSite(const core::Request& request,
                                             const HeaderLookup& header) const;
  bool Audited(const Route& route, const Principal* principal) const;
  void AuditRefusal(const Route& route, const core::Request& request, const Principal* principal,
                    int status) const;
  // GETs are served on the loop thread, everything else on writer_.
  void Dispatch(const Route& route, core::Request& request, core::Responder responder);
  static ApiRequest ToApiRequest(core::Request& request);
  void Serve(const Route& route, const ApiRequest& api, const core::Responder& responder) const;

  ControllerCore* core_;
  Authenticator authenticator_;
  EndpointFeed endpoints_;
  LogProxy logs_;
  EventStream event_stream_;
  std::unique_ptr<AuditTrail> audit_;
  core::HttpRequestMetrics requests_;  // fed by the server's reply observer, read by /metrics
  std::vector<Route> routes_;
  std::map<std::string, const Route*> by_key_;  // "METHOD pattern" -> route
  core::WorkerPool writer_;                     // API writes, one at a time, off the HTTP loop
  std::string scheme_;                          // http or https: this server's, for Origin checks
};

// The Reply for a server Responder (204 without a body, extra headers kept).
Reply ReplyThrough(core::Responder responder);

}  // namespace drove::controller::api
