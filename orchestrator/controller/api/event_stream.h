// GET /apis/v1/cluster/events/stream: the event store as server-sent events (docs/ui.md, "Server
// side"), lossless: `id:` is the event's sequence number and a client resumes after the last one
// it saw (Last-Event-ID header or lastEventId query); when that gap can no longer be filled it
// first gets `event: reset`. Heartbeat comments keep idle connections and proxies alive.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "orchestrator/controller/api/routes.h"

namespace drove::core {
class PrometheusText;
}  // namespace drove::core

namespace drove::controller::api {

// Owns the open streams and the one thread that writes to all of them (so each stream's pieces
// leave in order). Every stream ends when the event store is cleared (leadership changes hands).
class EventStream {
 public:
  EventStream(ControllerCore* core, std::chrono::milliseconds heartbeat);
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  void AddRoutes(std::vector<Route>* routes);
  // Ends every open stream and stops the thread. Idempotent.
  void Stop();
  // drove_events_total{type}, drove_event_store_events, drove_event_stream_clients.
  void WriteMetrics(core::PrometheusText& out) const;

  struct State;  // shared with each stream's close callback (which may run after Stop)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace drove::controller::api
