// Timing the engine's calls into one histogram family (see timed_engine.h).
#include "orchestrator/executor/engine/timed_engine.h"

#include <utility>

namespace drove::executor {

TimedEngine::TimedEngine(Engine* inner)
    : inner_(inner),
      durations_("drove_engine_request_duration_seconds",
                 "Time of each call to the container engine (Docker or Podman), by call; "
                 "log follows and waits for exit are not timed.",
                 core::FastSecondsBounds()) {}

template <typename F>
auto TimedEngine::Timed(const char* name, F&& call) {
  return core::TimeCall(&durations_, {{"call", name}}, std::forward<F>(call));
}

core::Result<bool> TimedEngine::ImageExists(const std::string& image) {
  return Timed("image_exists", [&] { return inner_->ImageExists(image); });
}

core::Status TimedEngine::PullImage(const std::string& image, std::chrono::milliseconds timeout) {
  return Timed("pull_image", [&] { return inner_->PullImage(image, timeout); });
}

core::Result<std::string> TimedEngine::Create(const ContainerConfig& config) {
  return Timed("create", [&] { return inner_->Create(config); });
}

core::Status TimedEngine::PutArchive(const std::string& id, const std::string& path,
                                     const std::string& tar) {
  return Timed("put_archive", [&] { return inner_->PutArchive(id, path, tar); });
}

core::Status TimedEngine::Start(const std::string& id) {
  return Timed("start", [&] { return inner_->Start(id); });
}

core::Result<ContainerState> TimedEngine::Inspect(const std::string& id) {
  return Timed("inspect", [&] { return inner_->Inspect(id); });
}

core::Status TimedEngine::Stop(const std::string& id, std::chrono::seconds timeout) {
  return Timed("stop", [&] { return inner_->Stop(id, timeout); });
}

core::Status TimedEngine::Remove(const std::string& id) {
  return Timed("remove", [&] { return inner_->Remove(id); });
}

core::Status TimedEngine::RemoveImage(const std::string& image) {
  return Timed("remove_image", [&] { return inner_->RemoveImage(image); });
}

core::Result<std::vector<ContainerSummary>> TimedEngine::ListByLabel(const std::string& label) {
  return Timed("list", [&] { return inner_->ListByLabel(label); });
}

core::Result<ExecResult> TimedEngine::Exec(const std::string& id,
                                           const std::vector<std::string>& cmd,
                                           std::chrono::milliseconds timeout) {
  return Timed("exec", [&] { return inner_->Exec(id, cmd, timeout); });
}

core::Status TimedEngine::FollowLogs(const std::string& id, int64_t since_unix_seconds,
                                     const LogSink& sink, const std::atomic<bool>* cancel) {
  return inner_->FollowLogs(id, since_unix_seconds, sink, cancel);
}

core::Result<int64_t> TimedEngine::Wait(const std::string& id, const std::atomic<bool>* cancel) {
  return inner_->Wait(id, cancel);
}

core::Result<ContainerStats> TimedEngine::Stats(const std::string& id) {
  return Timed("stats", [&] { return inner_->Stats(id); });
}

}  // namespace drove::executor
