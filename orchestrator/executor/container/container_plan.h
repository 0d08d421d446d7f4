// Turns an app instance or task (spec + info + allocation) into the engine's ContainerConfig:
// Drove's labels, env injection, published ports, cpuset/memory limits, volumes, args, user.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "orchestrator/core/model/application_spec.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/task_info.h"
#include "orchestrator/core/model/task_spec.h"
#include "orchestrator/executor/engine/engine.h"
#include "orchestrator/executor/resources/host_layout.h"

namespace drove::executor {

// Label keys (docs/internals.md).
inline constexpr char kLabelJobType[] = "drove.job.type";
inline constexpr char kLabelInstanceId[] = "drove.instance.id";
inline constexpr char kLabelAppId[] = "drove.app.id";
inline constexpr char kLabelSpec[] = "drove.instance.spec";
inline constexpr char kLabelInfo[] = "drove.instance.info";
inline constexpr char kLabelExecutorId[] = "drove.executor.id";

// Looks a variable up in the executor's own environment (injectable for tests).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

// What differs between apps and tasks, already resolved.
struct ContainerRequest {
  std::string name;
  std::string image;
  std::string hostname;  // injected as HOST: where the ports answer (localInfo.hostname)
  std::map<std::string, std::string> spec_env;
  std::vector<std::string> args;
  std::vector<core::MountedVolume> volumes;
  std::optional<core::UserSpec> user;
  std::vector<core::ResourceAllocation> resources;
  std::vector<PortBinding> ports;
  std::vector<std::pair<std::string, std::string>> injected_env;  // after the spec's env
  std::map<std::string, std::string> labels;
};

struct PinningOptions {
  const ResourceLayout* layout = nullptr;  // maps offered core ids to physical ones
  bool disable_numa_pinning = false;
};

ContainerConfig BuildContainerConfig(const ContainerRequest& request, const PinningOptions& pinning,
                                     const EnvLookup& host_env);

// `info` must already carry localInfo (the host ports picked for each exposed port). HOST is
// localInfo.hostname (the executor's instanceHostname), DROVE_EXECUTOR_HOST `hostname` (the
// executor's own).
ContainerRequest InstanceContainerRequest(const core::ApplicationSpec& spec,
                                          const core::InstanceInfo& info,
                                          const std::string& hostname,
                                          const std::string& instance_auth_token);
// HOST is info.hostname; DROVE_EXECUTOR_HOST `executor_hostname` (empty: info.hostname).
ContainerRequest TaskContainerRequest(const core::TaskSpec& spec, const core::TaskInfo& info,
                                      const std::string& executor_hostname = "");

// A host port nobody listens on now (bind to port 0, read it, close), as Drove picks them.
core::Result<int> PickFreePort(bool udp);

// A tar holding every config file (INLINE base64 data, EXECUTOR_LOCAL_FILE contents,
// EXECUTOR_HTTP_FETCH responses) at its localFilename, for Engine::PutArchive at "/".
// Empty string when there is nothing to copy.
core::Result<std::string> BuildConfigArchive(const std::vector<core::ConfigSpec>& configs);

}  // namespace drove::executor
