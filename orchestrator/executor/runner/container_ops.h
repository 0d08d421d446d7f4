// Engine steps shared by instance and task runners: pull-if-missing, create+configure+start,
// and attaching a log follower with the spec's rotation settings.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "orchestrator/core/model/spec_parts.h"
#include "orchestrator/executor/container/container_security.h"
#include "orchestrator/executor/engine/engine.h"
#include "orchestrator/executor/logs/log_follower.h"

namespace drove::executor {

// Pulls `image` only when the engine does not have it.
core::Status EnsureImage(Engine& engine, const std::string& image,
                         std::chrono::milliseconds pull_timeout);

// Secures `config` (SecureContainer: host mounts re-checked on this host, least privilege),
// creates the container, copies `config_tar` (if any) to "/", starts it. A refused mount fails
// before anything is created; on a later failure the half-made container is removed. Returns
// the container id.
core::Result<std::string> CreateAndStart(Engine& engine, ContainerConfig config,
                                         const std::string& config_tar,
                                         const ContainerSecurity& security);

// Removes the container and, unless images are cached, its image (an image another container
// still uses stays). Failures are logged: the work is over either way.
void RemoveContainer(Engine& engine, const std::string& container_id, const std::string& image,
                     bool cache_images);

// Starts following the container's output into <log_dir>/<p1>/<p2>/output.log, or for RSYSLOG
// logging to its server, tagged <tagPrefix><name><tagSuffix> (`name`: the app or task id).
// resume: continue after the last write (re-adopted containers) instead of from the start; a
// resumed syslog follower starts from now, since what it sent before is not known.
std::unique_ptr<LogFollower> FollowOutput(Engine& engine, const std::string& container_id,
                                          const std::string& folder, const std::string& name,
                                          const std::optional<core::LoggingSpec>& logging,
                                          bool resume);

}  // namespace drove::executor
