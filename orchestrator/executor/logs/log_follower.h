// One thread per container streaming its stdout/stderr into an OutputSink (files or syslog).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/executor/engine/engine.h"
#include "orchestrator/executor/logs/output_sink.h"

namespace drove::executor {

class LogFollower {
 public:
  // since_unix_seconds: 0 for a new container; the last write time when re-adopting one.
  LogFollower(Engine& engine, std::string container_id, std::unique_ptr<OutputSink> writer,
              int64_t since_unix_seconds);
  ~LogFollower();
  LogFollower(const LogFollower&) = delete;
  LogFollower& operator=(const LogFollower&) = delete;

  void Start();
  // Waits up to `timeout` for the stream to end by itself (the container has exited and its
  // output is drained), then cancels and joins.
  void Finish(std::chrono::milliseconds timeout);

 private:
  void Run();

  Engine& engine_;
  std::string container_id_;
  std::unique_ptr<OutputSink> writer_;
  int64_t since_;
  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace drove::executor
