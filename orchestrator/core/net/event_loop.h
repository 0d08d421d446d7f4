// One libevent event_base with a thread-safe task queue, timers and signal-driven shutdown.
// Owner: the thread that calls Run(). Post/Stop/AddTimer/CancelTimer may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

struct event_base;
struct event;

namespace drove::core {

namespace internal {
struct LoopCore;  // the task queue; shared with handles so they outlive the loop safely
}

// A copyable handle that posts work to a loop. Posting after the loop is destroyed is a no-op,
// so worker threads may keep one without caring about shutdown order.
class LoopHandle {
 public:
  LoopHandle() = default;
  // Queues fn to run on the loop thread; false (fn dropped) when the loop is gone.
  bool Post(std::function<void()> fn) const;
  // True when called from inside the loop's Run().
  bool InLoopThread() const;

 private:
  friend class EventLoop;
  explicit LoopHandle(std::shared_ptr<internal::LoopCore> core) : core_(std::move(core)) {}
  std::shared_ptr<internal::LoopCore> core_;
};

class EventLoop {
 public:
  using TimerId = uint64_t;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs the loop on the calling thread until Stop(). Returns at once if Stop() came first.
  void Run();
  // Thread-safe; the loop returns after the callback that is running (if any) finishes.
  void Stop();
  // Thread-safe; tasks run in order on the loop thread. Dropped if the loop stops first.
  void Post(std::function<void()> fn);
  bool InLoopThread() const;
  LoopHandle handle() const { return LoopHandle(core_); }

  // One-shot timer. Thread-safe. The callback runs on the loop thread.
  TimerId AddTimer(std::chrono::milliseconds delay, std::function<void()> fn);
  // Repeats every interval until cancelled. Thread-safe.
  TimerId AddPeriodic(std::chrono::milliseconds interval, std::function<void()> fn);
  // Thread-safe; a no-op for unknown or already fired one-shot timers. May be called from the
  // timer's own callback.
  void CancelTimer(TimerId id);

  // Stops the loop on SIGTERM and SIGINT (for mains). Only one loop per process should do this.
  void StopOnSignals();
  // Runs fn on the loop thread whenever signo arrives (e.g. SIGHUP: reload certificates).
  void OnSignal(int signo, std::function<void()> fn);

  event_base* base() const { return base_; }

 private:
  struct Timer;
  TimerId StartTimer(std::chrono::milliseconds delay, std::function<void()> fn, bool periodic);
  void FireTimer(TimerId id);
  static void OnTimer(int fd, short what, void* arg);
  static void OnStopSignal(int fd, short what, void* arg);
  static void OnHandledSignal(int fd, short what, void* arg);

  event_base* base_ = nullptr;
  std::shared_ptr<internal::LoopCore> core_;

  std::mutex timers_mutex_;  // guards timers_ and next_timer_id_
  std::unordered_map<TimerId, std::unique_ptr<Timer>> timers_;
  TimerId next_timer_id_ = 1;

  std::vector<event*> signal_events_;  // loop thread (or before Run)
  // OnSignal's callbacks; stable addresses because libevent holds a pointer to each.
  std::vector<std::unique_ptr<std::function<void()>>> signal_handlers_;
};

}  // namespace drove::core
