// drove-epoch's HTTP API: registers the route groups on an HttpServer, authenticates every call
// (401 without valid credentials, 403 for a READ_ONLY caller on a write), answers reads on the loop
// thread from memory and runs writes one at a time on a writer thread (store writes, Drove calls).
// With a Leadership (ZooKeeper HA), a node that does not serve forwards every call to the leader
// before authenticating it, as Epoch's pre-matching filter: the leader authenticates.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <utility>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/worker_pool.h"
#include "orchestrator/epoch/api/epoch_auth.h"
#include "orchestrator/epoch/api/leader_proxy.h"
#include "orchestrator/epoch/api/routes.h"

namespace drove::epoch::api {

class EpochApi {
 public:
  // leadership: nullptr when this node always leads (SQLite).
  EpochApi(ApiContext context, EpochAuthenticator auth, const Leadership* leadership = nullptr);
  ~EpochApi();

  void Register(core::HttpServer* server);
  // Finishes the writes already queued; later ones are dropped (their clients get a 500).
  void Stop();

 private:
  bool Filter(core::Request& request, core::Responder& responder);
  bool Authorize(core::Request& request, core::Responder& responder) const;
  void Serve(const RouteSpec& route, core::Request& request, const core::Responder& responder);

  ApiContext context_;
  EpochAuthenticator auth_;
  std::set<std::pair<std::string, std::string>> write_routes_;  // (method, pattern)
  core::WorkerPool writer_;
  const Leadership* leadership_;
  LeaderProxy proxy_;
};

}  // namespace drove::epoch::api
