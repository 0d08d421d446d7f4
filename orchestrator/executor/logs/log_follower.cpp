// Follows `docker logs -f` for a container, reconnecting while it still runs.
#include "orchestrator/core/util/guarded_thread.h"
#include "orchestrator/executor/logs/log_follower.h"

#include <ctime>

#include "orchestrator/core/util/log.h"

namespace drove::executor {

LogFollower::LogFollower(Engine& engine, std::string container_id,
                         std::unique_ptr<OutputSink> writer, int64_t since_unix_seconds)
    : engine_(engine), container_id_(std::move(container_id)), writer_(std::move(writer)),
      since_(since_unix_seconds) {}

LogFollower::~LogFollower() { Finish(std::chrono::milliseconds(0)); }

void LogFollower::Start() {
  // Not restarted: a second run would copy the container's log again.
  thread_ = core::StartGuardedThread("log-follower", [this] { Run(); }, [] { return false; });
}

void LogFollower::Run() {
  OutputSink* writer = writer_.get();
  auto sink = [writer](int, std::string_view bytes) { writer->Write(bytes); };
  while (!cancel_.load()) {
    core::Status status = engine_.FollowLogs(container_id_, since_, sink, &cancel_);
    if (cancel_.load()) break;
    if (!status.ok()) {
      DLOG_WARN("log stream failed", {{"containerId", container_id_}, {"error", status.message()}});
    }
    // The stream ends when the container stops; reconnect only if it is still running.
    auto state = engine_.Inspect(container_id_);
    if (!state.ok() || !state->running) break;
    since_ = static_cast<int64_t>(std::time(nullptr));
    for (int i = 0; i < 10 && !cancel_.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = true;
  done_cv_.notify_all();
}

void LogFollower::Finish(std::chrono::milliseconds timeout) {
  if (!thread_.joinable()) return;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait_for(lock, timeout, [this] { return done_; });
  }
  cancel_.store(true);
  thread_.join();
}

}  // namespace drove::executor
