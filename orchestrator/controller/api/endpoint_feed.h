// GET /apis/v1/endpoints[/app/{appName}], including the long-poll form (sinceGeneration + waitSeconds).
#pragma once

#include <memory>
#include <vector>

#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {

// The longest a long-poll is held (larger waitSeconds are clamped); the server's connection
// timeout must be above it.
inline constexpr int kMaxLongPollSeconds = 300;

// Owns the parked long-poll requests and the thread that answers them when the endpoints
// generation moves or their wait runs out. Every /endpoints reply carries the generation in
// `X-Drove-Endpoints-Generation`.
class EndpointFeed {
 public:
  explicit EndpointFeed(ControllerCore* core);
  ~EndpointFeed();
  EndpointFeed(const EndpointFeed&) = delete;
  EndpointFeed& operator=(const EndpointFeed&) = delete;

  void AddRoutes(std::vector<Route>* routes);
  // Answers every parked request with the current view and stops the thread. Idempotent.
  void Stop();

  struct State;  // shared with the core's change listener (which may outlive this object)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace drove::controller::api
