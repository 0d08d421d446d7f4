// One libzookeeper-mt handle (one ZooKeeper session) and the glue from the C client's callbacks:
// watcher events go to a queue read by the session's thread, log lines to our logger.
#pragma once

#include <zookeeper/zookeeper.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "orchestrator/core/util/status.h"

namespace drove::coordination {

// What the C client's watcher reported.
struct ZkEvent {
  const zhandle_t* from = nullptr;  // reporting handle: events of a replaced handle are dropped
  int type = 0;                     // ZOO_SESSION_EVENT, ZOO_DELETED_EVENT, ...
  int state = 0;                    // ZOO_CONNECTED_STATE, ZOO_EXPIRED_SESSION_STATE, ...
  std::string path;
};

// Filled on the C client's completion thread, drained by one reader; Interrupt wakes it.
class ZkEventQueue {
 public:
  void Push(ZkEvent event);
  // The next event, or nullopt at the deadline or after Interrupt.
  std::optional<ZkEvent> PopUntil(std::chrono::steady_clock::time_point deadline);
  void Interrupt();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ZkEvent> events_;
  bool interrupted_ = false;
};

class ZkHandle {
 public:
  // Starts connecting in the background; an error for a connection string the client refuses.
  static core::Result<std::shared_ptr<ZkHandle>> Open(const std::string& hosts, int timeout_ms,
                                                      std::shared_ptr<ZkEventQueue> events);
  // zookeeper_close: the session ends now and its ephemeral nodes go with it. Never run on a
  // ZooKeeper completion thread (the close joins that thread).
  ~ZkHandle();
  ZkHandle(const ZkHandle&) = delete;
  ZkHandle& operator=(const ZkHandle&) = delete;

  zhandle_t* get() const { return zh_; }
  int64_t session_id() const;
  int state() const { return zoo_state(zh_); }
  bool connected() const { return state() == ZOO_CONNECTED_STATE; }
  // The timeout the server granted (0 before the first connection).
  int negotiated_timeout_ms() const { return zoo_recv_timeout(zh_); }

 private:
  ZkHandle(zhandle_t* zh, std::shared_ptr<ZkEventQueue> events)
      : zh_(zh), events_(std::move(events)) {}
  zhandle_t* zh_;
  std::shared_ptr<ZkEventQueue> events_;  // the watcher's context: outlives zh_
};

// "ZCONNECTIONLOSS (connection loss)", for log lines and error messages.
std::string ZkErrorText(int rc);
// kUnavailable for a connection problem, kFenced for a dead session, kNotFound, kError otherwise.
core::StatusCode ZkStatusCode(int rc);
// The last connection error the C client logged (e.g. "errno=111(Connection refused)"), "" if none.
std::string LastZkClientError();

}  // namespace drove::coordination
