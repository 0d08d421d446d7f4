// The container engine seam: everything the executor asks of Docker/Podman, behind one interface.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/executor/engine/container_stats.h"

namespace drove::executor {

// One published port: container_port/protocol is reachable on the host at host_port.
struct PortBinding {
  int container_port = 0;
  std::string protocol = "tcp";  // "tcp" or "udp"
  int host_port = 0;
};

struct BindMount {
  std::string host_path;
  std::string container_path;
  bool read_only = false;
};

// One resource limit (HostConfig.Ulimits): `name` as the engine spells it ("nofile", "nproc").
struct Ulimit {
  std::string name;
  int64_t soft = 0;
  int64_t hard = 0;
};

// Everything needed to create one container; built from a spec by container_plan.h.
struct ContainerConfig {
  std::string name;
  std::string image;
  std::vector<std::string> env;  // "KEY=VALUE"
  std::map<std::string, std::string> labels;
  std::vector<std::string> cmd;  // empty: the image's default command
  std::vector<PortBinding> ports;
  std::string cpuset_cpus;  // "2,3"; empty: no pinning
  std::string cpuset_mems;  // "0"; empty: no pinning
  int64_t memory_bytes = 0;  // 0: unlimited
  int64_t cpu_count = 0;
  std::vector<BindMount> binds;
  std::string user;  // "user" or "user:group"
  // Least privilege (executor containerSecurity, container_security.h). Never privileged: no
  // field asks the engine for it.
  bool no_new_privileges = false;
  std::vector<std::string> cap_drop;  // "NET_RAW", ... or "ALL"
  bool read_only_rootfs = false;
  std::vector<std::string> tmpfs;  // container paths given a fresh tmpfs (read-only roots)
  int64_t pids_limit = 0;          // 0: the engine's default
  std::vector<Ulimit> ulimits;
};

// What inspect tells us about a container.
struct ContainerState {
  std::string id;
  std::string name;
  bool running = false;
  std::string status;  // created, running, exited, ...
  int64_t exit_code = 0;
  bool oom_killed = false;
  std::string error;
  std::map<std::string, std::string> labels;
};

// One row of a container listing.
struct ContainerSummary {
  std::string id;
  std::string state;  // running, exited, created, ...
  std::map<std::string, std::string> labels;
};

struct ExecResult {
  int64_t exit_code = -1;
  std::string output;  // stdout and stderr, demultiplexed
};

// Receives container output; stream is 1 for stdout, 2 for stderr.
using LogSink = std::function<void(int stream, std::string_view bytes)>;

class Engine {
 public:
  virtual ~Engine() = default;

  virtual core::Result<bool> ImageExists(const std::string& image) = 0;
  virtual core::Status PullImage(const std::string& image, std::chrono::milliseconds timeout) = 0;
  // Returns the new container's id.
  virtual core::Result<std::string> Create(const ContainerConfig& config) = 0;
  // Extracts an in-memory tar into the (created, not necessarily started) container at `path`.
  virtual core::Status PutArchive(const std::string& id, const std::string& path,
                                  const std::string& tar) = 0;
  virtual core::Status Start(const std::string& id) = 0;
  virtual core::Result<ContainerState> Inspect(const std::string& id) = 0;
  // Sends SIGTERM, then SIGKILL after `timeout`. Stopping a stopped container is fine.
  virtual core::Status Stop(const std::string& id, std::chrono::seconds timeout) = 0;
  virtual core::Status Remove(const std::string& id) = 0;
  // Deletes an image; one still used by a container (409) or already gone is left alone.
  virtual core::Status RemoveImage(const std::string& image) = 0;
  // Every container (running or not) carrying `label` (a key, or key=value).
  virtual core::Result<std::vector<ContainerSummary>> ListByLabel(const std::string& label) = 0;
  // Runs `cmd` inside the container and waits at most `timeout` for it.
  virtual core::Result<ExecResult> Exec(const std::string& id, const std::vector<std::string>& cmd,
                                        std::chrono::milliseconds timeout) = 0;
  // Streams output (since a unix time in seconds, 0 = from the start) until the container
  // stops or *cancel becomes true.
  virtual core::Status FollowLogs(const std::string& id, int64_t since_unix_seconds,
                                  const LogSink& sink, const std::atomic<bool>* cancel) = 0;
  // Blocks until the container exits (or *cancel) and returns its exit code.
  virtual core::Result<int64_t> Wait(const std::string& id, const std::atomic<bool>* cancel) = 0;
  // One reading of a running container's usage (for /metrics).
  virtual core::Result<ContainerStats> Stats(const std::string& id) = 0;
};

}  // namespace drove::executor
