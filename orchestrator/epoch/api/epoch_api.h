// drove-epoch's HTTP API: registers the route groups on an HttpServer, authenticates every call
// (401 without valid credentials, 403 when the role matrix does not admit the caller's role),
// records audited calls, answers reads on the loop thread from memory and runs writes one at a
// time on a writer thread (store writes, Drove calls).
// With a Leadership (ZooKeeper HA), a node that does not serve forwards every call to the leader
// before authenticating it, as Epoch's pre-matching filter: the leader authenticates. Writes a
// browser was made to send from another site are refused first (403).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/auth/audit_trail.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/worker_pool.h"
#include "orchestrator/epoch/api/epoch_auth.h"
#include "orchestrator/epoch/api/leader_proxy.h"
#include "orchestrator/epoch/api/routes.h"

namespace drove::epoch::api {

class EpochApi {
 public:
  // Users and tokens come from `config`. leadership: nullptr when this node always leads (SQLite).
  EpochApi(ApiContext context, const EpochConfig& config, std::unique_ptr<core::AuditTrail> audit,
           const Leadership* leadership = nullptr);
  ~EpochApi();

  // Adds every route and the filter, which guards every route of `server` (the role matrix's).
  void Register(core::HttpServer* server);
  // The routes Register adds.
  const std::vector<RouteSpec>& routes() const { return routes_; }
  // Finishes the writes already queued; later ones are dropped (their clients get a 500).
  void Stop();

 private:
  bool Filter(core::Request& request, core::Responder& responder);
  // 403 for a write a browser was made to send from another site; true when refused.
  bool RefusedCrossSite(const core::Request& request, const core::Responder& responder) const;
  bool Authorize(core::Request& request, core::Responder& responder) const;
  // 0 when the caller may call the route, else 401 or 403 (with a log line saying why).
  int Refusal(const std::optional<EpochPrincipal>& principal, const core::Request& request) const;
  void Audit(const core::Request& request, const EpochPrincipal* principal, int status,
             const std::string& reply_body = "") const;
  void Serve(const RouteSpec& route, core::Request& request, const core::Responder& responder);

  ApiContext context_;
  EpochAuthenticator auth_;
  std::unique_ptr<core::AuditTrail> audit_;
  std::vector<RouteSpec> routes_;
  core::WorkerPool writer_;
  const Leadership* leadership_;
  std::string scheme_;  // http or https: this server's, for Origin checks
  LeaderProxy proxy_;
};

}  // namespace drove::epoch::api
