// EventLoop: libevent base with pthreads locking, a posted-task queue woken by event_active,
// timers.
#include "orchestrator/core/net/event_loop.h"

#include <event2/event.h>
#include <event2/thread.h>

#include <atomic>
#include <csignal>
#include <deque>
#include <exception>
#include <thread>

#include "orchestrator/core/util/log.h"

namespace drove::core {

namespace internal {

// The posted-task queue. `wake` is nulled (under mutex) when the loop dies, making Post a no-op.
struct LoopCore {
  std::mutex mutex;
  std::deque<std::function<void()>> tasks;
  event* wake = nullptr;
  std::atomic<std::thread::id> loop_thread{};

  bool Post(std::function<void()> fn) {
    std::lock_guard lock(mutex);
    if (wake == nullptr) return false;
    tasks.push_back(std::move(fn));
    // event_active is thread-safe once evthread_use_pthreads() ran; it wakes a sleeping loop.
    if (tasks.size() == 1) event_active(wake, EV_READ, 0);
    return true;
  }

  void RunTasks() {
    std::deque<std::function<void()>> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(tasks);
    }
    for (auto& task : batch) {
      try {
        task();
      } catch (const std::exception& e) {
        DLOG_ERROR("posted task threw", {{"error", e.what()}});
      } catch (...) {
        DLOG_ERROR("posted task threw", {{"error", "unknown exception"}});
      }
    }
  }
};

}  // namespace internal

namespace {

// Process-wide set-up every loop needs, done by the first one. SIGPIPE is ignored because
// OpenSSL writes to sockets with write(): a TLS peer that resets mid-reply would otherwise kill
// the daemon instead of failing that one write with EPIPE.
void SetUpProcessOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    evthread_use_pthreads();
    std::signal(SIGPIPE, SIG_IGN);
  });
}

void OnWake(evutil_socket_t, short, void* arg) {
  static_cast<internal::LoopCore*>(arg)->RunTasks();
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  if (ms.count() < 0) ms = std::chrono::milliseconds(0);
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace

bool LoopHandle::Post(std::function<void()> fn) const {
  return core_ != nullptr && core_->Post(std::move(fn));
}

bool LoopHandle::InLoopThread() const {
  return core_ != nullptr && core_->loop_thread.load() == std::this_thread::get_id();
}

// A timer's event and callback; `arg` of the libevent event points at `key`, never at this object
// alone, so the callback can look the timer up again under the mutex.
struct EventLoop::Timer {
  struct Key {
    EventLoop* loop;
    TimerId id;
  };
  Key key;
  event* ev = nullptr;
  bool periodic = false;
  std::shared_ptr<std::function<void()>> fn;

  ~Timer() {
    if (ev != nullptr) event_free(ev);  // blocks while its callback runs on another thread
  }
};

EventLoop::EventLoop() : core_(std::make_shared<internal::LoopCore>()) {
  SetUpProcessOnce();
  base_ = event_base_new();
  if (base_ == nullptr) {
    DLOG_ERROR("event_base_new failed");
    std::terminate();  // nothing in a daemon works without its loop
  }
  core_->wake = event_new(base_, -1, 0, OnWake, core_.get());
}

EventLoop::~EventLoop() {
  {
    std::lock_guard lock(core_->mutex);
    event_free(core_->wake);
    core_->wake = nullptr;
    core_->tasks.clear();
  }
  std::unordered_map<TimerId, std::unique_ptr<Timer>> timers;
  {
    std::lock_guard lock(timers_mutex_);
    timers.swap(timers_);
  }
  timers.clear();
  for (event* ev : signal_events_) event_free(ev);
  event_base_free(base_);
}

void EventLoop::Run() {
  core_->loop_thread = std::this_thread::get_id();
  event_base_loop(base_, EVLOOP_NO_EXIT_ON_EMPTY);
  core_->loop_thread = std::thread::id();
}

void EventLoop::Stop() {
  // A posted break also works before Run(): the task waits in the active queue until the loop
  // starts, whereas a bare loopbreak would be forgotten when event_base_loop begins.
  event_base* base = base_;
  core_->Post([base] { event_base_loopbreak(base); });
}

void EventLoop::Post(std::function<void()> fn) {
  if (!core_->Post(std::move(fn))) DLOG_WARN("task posted to a stopped loop was dropped");
}

bool EventLoop::InLoopThread() const {
  return core_->loop_thread.load() == std::this_thread::get_id();
}

EventLoop::TimerId EventLoop::AddTimer(std::chrono::milliseconds delay, std::function<void()> fn) {
  return StartTimer(delay, std::move(fn), false);
}

EventLoop::TimerId EventLoop::AddPeriodic(std::chrono::milliseconds interval,
                                          std::function<void()> fn) {
  return StartTimer(interval, std::move(fn), true);
}

EventLoop::TimerId EventLoop::StartTimer(std::chrono::milliseconds delay, std::function<void()> fn,
                                         bool periodic) {
  auto timer = std::make_unique<Timer>();
  timer->periodic = periodic;
  timer->fn = std::make_shared<std::function<void()>>(std::move(fn));
  timer->ev = event_new(base_, -1, periodic ? EV_PERSIST : 0, OnTimer, &timer->key);
  timeval tv = ToTimeval(delay);
  std::lock_guard lock(timers_mutex_);
  TimerId id = next_timer_id_++;
  timer->key = Timer::Key{this, id};
  // Added under the mutex so the callback (which takes it) cannot see a half-registered timer.
  event_add(timer->ev, &tv);
  timers_.emplace(id, std::move(timer));
  return id;
}

void EventLoop::CancelTimer(TimerId id) {
  std::unique_ptr<Timer> timer;
  {
    std::lock_guard lock(timers_mutex_);
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    timer = std::move(it->second);
    timers_.erase(it);
  }
  // Freed outside the mutex: event_free may wait for a running callback that needs the mutex.
}

void EventLoop::OnTimer(evutil_socket_t, short, void* arg) {
  auto* key = static_cast<Timer::Key*>(arg);
  key->loop->FireTimer(key->id);  // `key` may be freed by the callback; not touched after this
}

void EventLoop::FireTimer(TimerId id) {
  std::shared_ptr<std::function<void()>> fn;
  std::unique_ptr<Timer> finished;  // a fired one-shot timer, freed after its callback
  {
    std::lock_guard lock(timers_mutex_);
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    fn = it->second->fn;
    if (!it->second->periodic) {
      finished = std::move(it->second);
      timers_.erase(it);
    }
  }
  try {
    (*fn)();
  } catch (const std::exception& e) {
    DLOG_ERROR("timer callback threw", {{"error", e.what()}});
  } catch (...) {
    DLOG_ERROR("timer callback threw", {{"error", "unknown exception"}});
  }
}

void EventLoop::StopOnSignals() {
  for (int signo : {SIGTERM, SIGINT}) {
    event* ev = evsignal_new(base_, signo, OnStopSignal, this);
    event_add(ev, nullptr);
    signal_events_.push_back(ev);
  }
}

void EventLoop::OnSignal(int signo, std::function<void()> fn) {
  signal_handlers_.push_back(std::make_unique<std::function<void()>>(std::move(fn)));
  event* ev = evsignal_new(base_, signo, OnHandledSignal, signal_handlers_.back().get());
  event_add(ev, nullptr);
  signal_events_.push_back(ev);
}

void EventLoop::OnHandledSignal(evutil_socket_t, short, void* arg) {
  (*static_cast<std::function<void()>*>(arg))();
}

void EventLoop::OnStopSignal(evutil_socket_t signo, short, void* arg) {
  DLOG_INFO("signal received, stopping", {{"signal", signo == SIGTERM ? "SIGTERM" : "SIGINT"}});
  static_cast<EventLoop*>(arg)->Stop();
}

}  // namespace drove::core
