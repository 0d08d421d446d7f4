// Injectable wall clock (epoch milliseconds), so timeouts and timestamps are testable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace drove::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (Drove's timestamp unit on the wire).
  virtual int64_t NowMillis() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // A process-wide instance for code that has nothing injected.
  static SystemClock& Instance() {
    static SystemClock clock;
    return clock;
  }
};

// A clock that moves only when told; thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_millis = 1'700'000'000'000) : now_(start_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Set(int64_t millis) { now_.store(millis); }
  void Advance(std::chrono::milliseconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace drove::core
