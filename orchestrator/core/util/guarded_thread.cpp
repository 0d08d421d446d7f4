// StartGuardedThread: catch, log, pause, run again.
#include "orchestrator/core/util/guarded_thread.h"

#include <chrono>
#include <exception>
#include <utility>

#include "orchestrator/core/util/log.h"

namespace drove::core {
namespace {

constexpr auto kRestartPause = std::chrono::milliseconds(500);

// True when the body returned normally; false after logging what escaped it.
bool RunOnce(const std::string& name, const std::function<void()>& body) {
  try {
    body();
    return true;
  } catch (const std::exception& e) {
    DLOG_ERROR("thread body failed", {{"thread", name}, {"error", e.what()}});
  } catch (...) {
    DLOG_ERROR("thread body failed", {{"thread", name}, {"error", "unknown exception"}});
  }
  return false;
}

}  // namespace

std::thread StartGuardedThread(std::string name, std::function<void()> body,
                               std::function<bool()> keep_running) {
  return std::thread([name = std::move(name), body = std::move(body),
                      keep_running = std::move(keep_running)] {
    while (!RunOnce(name, body) && keep_running()) {
      std::this_thread::sleep_for(kRestartPause);
      if (!keep_running()) break;
      DLOG_WARN("thread restarted", {{"thread", name}});
    }
  });
}

}  // namespace drove::core
