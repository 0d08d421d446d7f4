// Executor -> controller messages: every state transition (INSTANCE_STATE / TASK_STATE) in order,
// plus an EXECUTOR_SNAPSHOT at start and every snapshot interval. One sender thread; messages
// wait in a queue and are retried with backoff against whichever controller is the leader.
// Owner: queue_ and leader_ are guarded by mutex_; the sender thread does all network I/O.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/executor_messages.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/executor/runner/runner_context.h"

namespace drove::executor {

struct ControllerLinkOptions {
  std::vector<std::string> controllers;  // base URLs, "http://host:port" or "https://host:port"
  std::string secret;                    // Cluster-Authorization we present
  std::string node_id;                   // NodeId header (our executorId)
  std::chrono::milliseconds snapshot_interval{5000};
  core::TlsConfig tls;  // https:// controllers: caFile, and our certificate under mutual TLS
};

class ControllerLink : public StateSink {
 public:
  // snapshot() builds the full EXECUTOR_SNAPSHOT message when one is due.
  ControllerLink(ControllerLinkOptions options,
                 std::function<core::ExecutorSnapshotMessage()> snapshot);
  ~ControllerLink() override;

  void Start();
  void Stop();
  // Sends a snapshot as soon as possible (e.g. right after adoption).
  void RequestSnapshot();

  void InstanceChanged(const core::InstanceInfo& info) override;
  void TaskChanged(const core::TaskInfo& info) override;

 private:
  void Enqueue(nlohmann::json message);
  void Run();
  // Sends to the known leader, finding one first if needed. False when nobody took it.
  bool Deliver(const nlohmann::json& message);
  // False when no controller answered ping 200; *why then says what each one did.
  bool FindLeader(std::string* why);
  // The controller at `url` with the TLS settings applied; an error for a bad URL.
  core::Result<core::HttpTarget> TargetOf(const std::string& url) const;

  ControllerLinkOptions options_;
  std::function<core::ExecutorSnapshotMessage()> snapshot_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<nlohmann::json> queue_;
  bool snapshot_due_ = true;
  bool stop_ = false;
  std::string leader_;  // sender thread only
  std::thread thread_;
};

}  // namespace drove::executor
