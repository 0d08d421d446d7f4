// WorkerPool: one queue, N threads, jobs run in submission order (in parallel when N > 1).
#include "orchestrator/core/util/worker_pool.h"

#include <algorithm>
#include <exception>

#include "orchestrator/core/util/log.h"

namespace drove::core {

WorkerPool::WorkerPool(std::string name, int threads) : name_(std::move(name)) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Submit(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerPool::Loop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      DLOG_ERROR("job failed", {{"pool", name_}, {"error", e.what()}});
    } catch (...) {
      DLOG_ERROR("job failed", {{"pool", name_}});
    }
  }
}

}  // namespace drove::core
