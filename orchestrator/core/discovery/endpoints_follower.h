// Follows the leader controller's exposed endpoints for the edge (drove-dns, the nginx gateway
// module).
//
// One EndpointsFollower runs one thread that:
//   1. finds the leader: GET /apis/v1/ping on each configured controller, first 200 wins (Drove's
//   rule);
//   2. against our controller (the answer carries X-Drove-Endpoints-Generation): long-polls
//      GET /apis/v1/endpoints?sinceGeneration=N&waitSeconds=S, so a change arrives as soon as it
//      happens; against a stock Drove controller (no such header): Drove's polling protocol — every
//      poll_interval GET /apis/v1/cluster/events/summary?lastSyncTime=T, and GET /apis/v1/endpoints
//      on the first round, after a leader change, or when eventsCount has APP_STATE_CHANGE or
//      INSTANCE_STATE_CHANGE;
//   3. parses and validates the answer (ParseEndpointsResponse) and hands every new, valid snapshot
//   to
//      on_snapshot; every failure (transport, non-200, status FAILED, bad JSON, a suspicious
//      collapse to zero apps after a non-empty view) goes to on_error and the last good snapshot
//      stays in force;
//   4. on any error or leader change, starts again at 1 with a full resync.
// Callbacks run on the follower's thread, one at a time.
//
// Usage notes (what is easy to get wrong):
// - on_snapshot fires only when the view changed (content, leader or generation), first after the
//   first good fetch; it must return quickly (the next long-poll waits for it) and must never call
//   Stop() (Stop joins the follower's thread: a deadlock). Copy or swap the snapshot out.
// - generation is only comparable within one leader: after a failover it may go down.
// - With collapse_guard_min_apps > 0 a cluster that really drops to zero apps is never applied;
//   on_error then repeats every retry_interval. Set it to 0 where an empty view is legitimate.
// - Executor host names come as names: resolve them with HostResolver on this thread (in
//   on_snapshot) or another non-serving thread, never on a request-serving one.
// - https:// controllers use core::HttpClient's TLS with `tls` (core::ApplyTlsConfig): verified
//   against tls.ca_file (empty: the system store) unless tls.insecure; tls.cert_file/key_file are
//   the client certificate for controllers that require one.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/core/discovery/endpoints_snapshot.h"
#include "orchestrator/core/net/tls_config.h"

namespace drove::discovery {

// How to follow the leader: kAuto picks the long-poll when the controller offers it (its
// endpoints answer carries X-Drove-Endpoints-Generation), else Drove's polling protocol; kLongPoll
// treats a controller without it as an error; kPoll always uses the polling protocol.
enum class SyncMode { kAuto, kLongPoll, kPoll };

struct FollowerOptions {
  std::vector<std::string> controllers;  // "http://host:port" or "https://host:port"
  std::string authorization;             // full Authorization header value ("Basic ..."), or empty
  core::TlsConfig tls;                   // for https:// controllers (see the notes above)
  SyncMode mode = SyncMode::kAuto;
  std::chrono::seconds long_poll_wait{10};         // waitSeconds of the long-poll
  std::chrono::milliseconds poll_interval{1000};   // Drove polling protocol period
  // Pause after an error before looking for the leader again: short, so a controller that comes
  // back is followed again well within a second.
  std::chrono::milliseconds retry_interval{300};
  std::chrono::milliseconds request_timeout{5000};  // per request, on top of long_poll_wait
  // Refuse a snapshot with zero apps when the last good one had at least this many (0 = never
  // refuse).
  size_t collapse_guard_min_apps = 1;
};

class EndpointsFollower {
 public:
  using SnapshotFn = std::function<void(const EndpointsSnapshot&)>;
  using ErrorFn = std::function<void(const std::string& error)>;

  EndpointsFollower(FollowerOptions options, SnapshotFn on_snapshot, ErrorFn on_error);
  ~EndpointsFollower();  // Stop()s

  void Start();  // starts the thread
  void Stop();   // returns within ~200 ms even during a long-poll
  // Asks the thread to stop without waiting for it: several followers stopped together (a gateway
  // with several clusters) take ~200 ms in all, not each.
  void RequestStop() { stop_ = true; }

 private:
  void Run();

  FollowerOptions options_;
  SnapshotFn on_snapshot_;
  ErrorFn on_error_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace drove::discovery
