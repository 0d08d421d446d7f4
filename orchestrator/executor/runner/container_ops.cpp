// Pull, create/start and log-follow helpers for the runners.
#include "orchestrator/executor/runner/container_ops.h"

#include <ctime>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/logs/log_file_writer.h"
#include "orchestrator/executor/logs/syslog_sink.h"

namespace drove::executor {

core::Status EnsureImage(Engine& engine, const std::string& image,
                         std::chrono::milliseconds pull_timeout) {
  auto exists = engine.ImageExists(image);
  if (!exists.ok()) return exists.status();
  if (*exists) return core::Status::Ok();
  DLOG_INFO("pulling image", {{"image", image}});
  return engine.PullImage(image, pull_timeout);
}

core::Result<std::string> CreateAndStart(Engine& engine, ContainerConfig config,
                                         const std::string& config_tar,
                                         const ContainerSecurity& security) {
  if (core::Status secured = SecureContainer(security, !config_tar.empty(), &config);
      !secured.ok()) {
    DLOG_WARN("container refused by the executor's containerSecurity",
              {{"container", config.name}, {"error", secured.message()}});
    return secured;
  }
  auto id = engine.Create(config);
  if (!id.ok()) return id.status();
  core::Status status = config_tar.empty() ? core::Status::Ok()
                                           : engine.PutArchive(*id, "/", config_tar);
  if (status.ok()) status = engine.Start(*id);
  if (!status.ok()) {
    core::Status removed = engine.Remove(*id);
    if (!removed.ok()) {
      DLOG_WARN("cannot remove failed container", {{"containerId", *id}, {"error", removed.message()}});
    }
    return status;
  }
  return id;
}

void RemoveContainer(Engine& engine, const std::string& container_id, const std::string& image,
                     bool cache_images) {
  if (core::Status status = engine.Remove(container_id); !status.ok()) {
    DLOG_WARN("remove container failed", {{"containerId", container_id}, {"error", status.message()}});
  }
  if (cache_images || image.empty()) return;
  if (core::Status status = engine.RemoveImage(image); status.ok()) {
    DLOG_INFO("image removed (cacheImages off)", {{"image", image}});
  } else {
    DLOG_WARN("remove image failed", {{"image", image}, {"error", status.message()}});
  }
}

std::unique_ptr<LogFollower> FollowOutput(Engine& engine, const std::string& container_id,
                                          const std::string& folder, const std::string& name,
                                          const std::optional<core::LoggingSpec>& logging,
                                          bool resume) {
  std::unique_ptr<LogFollower> follower;
  if (logging && logging->type == core::LoggingType::kRsyslog) {
    const std::string tag =
        logging->tag_prefix.value_or("") + name + logging->tag_suffix.value_or("");
    auto sink = SyslogSink::Open(logging->server, tag);
    if (sink.ok()) {
      int64_t since = resume ? static_cast<int64_t>(std::time(nullptr)) : 0;
      follower =
          std::make_unique<LogFollower>(engine, container_id, std::move(sink).value(), since);
    } else {
      // The container runs on; its output goes to the local files rather than nowhere.
      DLOG_WARN("cannot forward logs to syslog; writing local files",
                {{"containerId", container_id}, {"error", sink.error()}});
    }
  }
  if (!follower) {
    core::LoggingSpec spec = logging && logging->type == core::LoggingType::kLocal
                                 ? *logging
                                 : core::LoggingSpec::DefaultLocal();
    int64_t max_size = core::ParseSizeBytes(spec.max_size).value_or(10 << 20);
    int max_files = spec.max_files > 0 ? spec.max_files : 3;
    int64_t since = resume ? LogFileWriter::LastWriteTime(folder) : 0;
    follower = std::make_unique<LogFollower>(
        engine, container_id, std::make_unique<LogFileWriter>(folder, max_size, max_files), since);
  }
  follower->Start();
  return follower;
}

}  // namespace drove::executor
