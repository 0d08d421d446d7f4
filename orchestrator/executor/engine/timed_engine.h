// An Engine that times every short call of the engine it wraps, for
// drove_engine_request_duration_seconds{call}. The calls that block for a container's lifetime
// (FollowLogs, Wait) are passed through untimed: their length says nothing of the engine.
#pragma once

#include <memory>

#include "orchestrator/core/metrics/metric_families.h"
#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

class TimedEngine : public Engine {
 public:
  // `inner` must outlive this.
  explicit TimedEngine(Engine* inner);

  core::Result<bool> ImageExists(const std::string& image) override;
  core::Status PullImage(const std::string& image, std::chrono::milliseconds timeout) override;
  core::Result<std::string> Create(const ContainerConfig& config) override;
  core::Status PutArchive(const std::string& id, const std::string& path,
                          const std::string& tar) override;
  core::Status Start(const std::string& id) override;
  core::Result<ContainerState> Inspect(const std::string& id) override;
  core::Status Stop(const std::string& id, std::chrono::seconds timeout) override;
  core::Status Remove(const std::string& id) override;
  core::Status RemoveImage(const std::string& image) override;
  core::Result<std::vector<ContainerSummary>> ListByLabel(const std::string& label) override;
  core::Result<ExecResult> Exec(const std::string& id, const std::vector<std::string>& cmd,
                                std::chrono::milliseconds timeout) override;
  core::Status FollowLogs(const std::string& id, int64_t since_unix_seconds, const LogSink& sink,
                          const std::atomic<bool>* cancel) override;
  core::Result<int64_t> Wait(const std::string& id, const std::atomic<bool>* cancel) override;
  core::Result<ContainerStats> Stats(const std::string& id) override;

  void WriteTo(core::PrometheusText& out) const { durations_.WriteTo(out); }

 private:
  // Runs `call` and records how long it took under the label `name`.
  template <typename F>
  auto Timed(const char* name, F&& call);

  Engine* inner_;
  core::HistogramFamily durations_;
};

}  // namespace drove::executor
