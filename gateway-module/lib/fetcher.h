// The gateway's one fetcher per nginx instance: follows the leader's endpoints (EndpointsFollower, its
// own thread), resolves executor hostnames (HostResolver, on that thread), builds the routing table,
// hands it serialized to `publish` (the shared zone) and then writes the dump file atomically.
// Every failure goes to `on_error`; the routing in force stays. No nginx types (pimpl keeps the
// discovery headers out of nginx's compiler).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {

enum class SyncMode { kAuto, kLongPoll, kPoll };

struct FetcherConfig {
  std::vector<std::string> controllers;
  std::string authorization;  // full Authorization header value, or empty
  bool tls_verify = true;
  std::string tls_ca_file;    // PEM CA to verify https:// controllers with; empty: system store
  std::string tls_cert_file;  // PEM client certificate for controllers that require one
  std::string tls_key_file;
  SyncMode mode = SyncMode::kAuto;
  std::chrono::milliseconds poll_interval{1000};
  VhostFilter filter;
  std::string dump_path;  // empty = no dump file
  // The serialized table routing now (the zone's). Read only on the rare paths that need its
  // members: at 100,000 members a copy kept here would be ~9 MB of the worker's memory.
  std::function<std::string()> in_force;
};

class Fetcher {
 public:
  // Returns false with *error set when the table could not be published (zone too small).
  using PublishFn = std::function<bool(const std::string& serialized, const RoutingTable& table,
                                       std::string* error)>;
  using ErrorFn = std::function<void(const std::string& error)>;

  Fetcher(FetcherConfig config, PublishFn publish, ErrorFn on_error);
  ~Fetcher();  // Stop()s
  void Start();
  void Stop();  // returns within ~200 ms
  void RequestStop();  // Stop() without waiting for the thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes `bytes` to `path` through `path.tmp` + rename, so a reader never sees half a file.
bool WriteFileAtomically(const std::string& path, const std::string& bytes, std::string* error);
// The whole file, or false with *error set.
bool ReadWholeFile(const std::string& path, std::string* bytes, std::string* error);

}  // namespace drove::gateway
