// Interruptible sleeping for runner threads: a stop request wakes every wait at once. An
// interface so check loops can be tested with a fake clock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace drove::executor {

class Waiter {
 public:
  virtual ~Waiter() = default;
  // Sleeps up to `duration`; false when interrupted (stop requested) before or during it.
  virtual bool WaitFor(std::chrono::milliseconds duration) = 0;
  virtual bool interrupted() const = 0;
};

class StopWaiter : public Waiter {
 public:
  bool WaitFor(std::chrono::milliseconds duration) override {
    std::unique_lock<std::mutex> lock(mutex_);
    return !cv_.wait_for(lock, duration, [this] { return stop_; });
  }
  bool interrupted() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stop_;
  }
  void Interrupt() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    cv_.notify_all();
  }
  // Re-arms after a handled interrupt (e.g. health loop -> stop sequence keeps sleeping).
  void Reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace drove::executor
