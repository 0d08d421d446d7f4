// A fixed set of threads draining one queue of jobs in order.
//
// With one thread it is a serial executor: the controller runs every API write on one, so writes
// never block the HTTP loop and never race each other. Jobs run inside a catch-all (a throwing
// job is logged and dropped; the thread lives on).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace drove::core {

class WorkerPool {
 public:
  WorkerPool(std::string name, int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues a job. After Stop, jobs are dropped (the caller's reply handles answer 500).
  void Submit(std::function<void()> job);
  // Runs the jobs already queued, then joins the threads. Idempotent.
  void Stop();

 private:
  void Loop();

  const std::string name_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace drove::core
