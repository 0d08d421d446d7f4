// A controller's connection to ZooKeeper: the current handle, re-created (a new session) after
// expiry, the namespace root, the leader's write fence, and listeners for session and node events.
//
// Owner: the session's own thread owns `handle_` replacement and listener dispatch; others only
// read the current handle (under mu_) and hold it for the duration of one call.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "orchestrator/coordination/zookeeper_fence.h"
#include "orchestrator/coordination/zookeeper_handle.h"
#include "orchestrator/coordination/zookeeper_options.h"
#include "orchestrator/core/util/status.h"

namespace drove::coordination {

class ZookeeperSession {
 public:
  enum class Event {
    kConnected,    // (re)connected; the session may be the old one or, after kExpired, a new one
    kConnecting,   // lost the server; the session lives on unless kExpired follows
    kExpired,      // the session (and its ephemeral nodes) is gone; a new handle is connecting
    kNodeChanged,  // a watch set with watch=1 fired for `path`
  };
  // Runs on the session's thread with its listener lock held: keep it short (signal and return),
  // and never call AddListener/RemoveListener from inside it.
  using Listener = std::function<void(Event event, const std::string& path)>;

  // Connects and waits for the first session up to options.connect_timeout. The error is one line
  // naming the connection string (bad syntax, unknown host, nobody answering).
  static core::Result<std::shared_ptr<ZookeeperSession>> Connect(const ZookeeperOptions& options);
  ~ZookeeperSession();
  ZookeeperSession(const ZookeeperSession&) = delete;
  ZookeeperSession& operator=(const ZookeeperSession&) = delete;

  // The current handle. Hold the pointer only for the call(s) at hand: after expiry it is
  // replaced, and the old one closes when its last user lets go.
  std::shared_ptr<ZkHandle> handle() const;
  // "/drove", and "/drove" + relative ("/applications" -> "/drove/applications").
  const std::string& root() const { return root_; }
  std::string Path(std::string_view relative) const { return root_ + std::string(relative); }
  // The timeout the server granted (the requested one until the first connection).
  std::chrono::milliseconds session_timeout() const;
  const ZookeeperOptions& options() const { return options_; }
  Fence& fence() { return fence_; }

  int AddListener(Listener listener);
  // After it returns the listener is not running and will not run again.
  void RemoveListener(int id);

  // Creates `path` and its missing ancestors as empty persistent nodes (mkdir -p).
  core::Status EnsurePath(const std::string& path);

 private:
  explicit ZookeeperSession(ZookeeperOptions options, std::string root);
  core::Status WaitConnected();
  void Run();
  void OnEvent(const ZkEvent& event);
  void ReplaceExpiredHandle();
  void Notify(Event event, const std::string& path);
  void LogState(int state);

  const ZookeeperOptions options_;
  const std::string root_;
  Fence fence_;
  std::shared_ptr<ZkEventQueue> events_ = std::make_shared<ZkEventQueue>();

  mutable std::mutex mu_;
  std::shared_ptr<ZkHandle> handle_;

  std::mutex listeners_mu_;
  std::map<int, Listener> listeners_;
  int next_listener_id_ = 1;

  int last_state_ = 0;  // session thread only: for one log line per state change
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};


}  // namespace drove::coordination
