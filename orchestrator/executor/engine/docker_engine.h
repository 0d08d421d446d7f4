// Engine implemented with the Docker Engine API v1.41 (JSON over the unix socket); Podman's
// compatible socket answers the same calls.
#pragma once

#include <map>
#include <string>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/executor/engine/engine.h"
#include "orchestrator/executor/engine/registry_auth.h"

namespace drove::executor {

class DockerEngine : public Engine {
 public:
  // `registry_auth`: credentials sent with pulls from those registries (executor `dockerAuth`).
  explicit DockerEngine(std::string socket_path, RegistryAuth registry_auth = {});

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

  // The create body for `config` (exposed for unit tests).
  static std::string CreateBody(const ContainerConfig& config);

 private:
  core::Result<core::HttpResponse> Call(const std::string& method, const std::string& target,
                                        const std::string& body,
                                        std::chrono::milliseconds timeout,
                                        const std::string& content_type = "application/json",
                                        const std::map<std::string, std::string>& headers = {});

  core::HttpTarget target_;
  RegistryAuth registry_auth_;
};

}  // namespace drove::executor
