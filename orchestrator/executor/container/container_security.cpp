// Applies the executor's containerSecurity options to a container config and re-checks host
// mounts with symlinks resolved: the controller's check is lexical only, since it cannot see
// this host's file system.
#include "orchestrator/executor/container/container_security.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "orchestrator/core/util/host_path.h"

namespace drove::executor {
namespace {

using core::Status;

// Every Linux capability (capabilities(7)); the engines refuse names they do not know.
const std::vector<std::string>& KnownCapabilities() {
  static const std::vector<std::string> kNames = {
      "AUDIT_CONTROL",   "AUDIT_READ",   "AUDIT_WRITE",
      "BLOCK_SUSPEND",   "BPF",          "CHECKPOINT_RESTORE",
      "CHOWN",           "DAC_OVERRIDE", "DAC_READ_SEARCH",
      "FOWNER",          "FSETID",       "IPC_LOCK",
      "IPC_OWNER",       "KILL",         "LEASE",
      "LINUX_IMMUTABLE", "MAC_ADMIN",    "MAC_OVERRIDE",
      "MKNOD",           "NET_ADMIN",    "NET_BIND_SERVICE",
      "NET_BROADCAST",   "NET_RAW",      "PERFMON",
      "SETFCAP",         "SETGID",       "SETPCAP",
      "SETUID",          "SYS_ADMIN",    "SYS_BOOT",
      "SYS_CHROOT",      "SYS_MODULE",   "SYS_NICE",
      "SYS_PACCT",       "SYS_PTRACE",   "SYS_RAWIO",
      "SYS_RESOURCE",    "SYS_TIME",     "SYS_TTY_CONFIG",
      "SYSLOG",          "WAKE_ALARM"};
  return kNames;
}

// The real form of an existing path, or nullopt with errno set.
std::optional<std::string> RealPath(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

// `normal` (absolute, lexically normal) with every symlink resolved. Trailing components that
// do not exist yet are kept as they are (the engine creates a missing bind source); anything
// that exists but cannot be resolved (a dangling or looping symlink, no permission) is refused,
// since what the engine would mount then cannot be known here.
core::Result<std::string> ResolveExisting(const std::string& normal) {
  std::string prefix = normal;
  std::string missing;  // "/a/b": components below `prefix` that do not exist
  while (true) {
    if (auto real = RealPath(prefix)) {
      if (missing.empty()) return *real;
      return (*real == "/" ? std::string() : *real) + missing;
    }
    const int error = errno;
    struct stat info {};
    if (error != ENOENT) {
      return Status::Error("cannot resolve " + prefix + ": " + std::strerror(error));
    }
    if (::lstat(prefix.c_str(), &info) == 0) {
      return Status::Error("cannot resolve " + prefix + ": a symlink to a missing target");
    }
    size_t slash = prefix.rfind('/');
    missing = prefix.substr(slash) + missing;
    prefix = slash == 0 ? "/" : prefix.substr(0, slash);
  }
}

std::string JoinDirs(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& dir : dirs) out += (out.empty() ? "" : ", ") + dir;
  return "[" + out + "]";
}

}  // namespace

const std::vector<std::string>& DefaultCapDrop() {
  static const std::vector<std::string> kDrop = {
      "NET_RAW",    "MKNOD",     "SETFCAP",  "AUDIT_WRITE", "SYS_ADMIN",       "SYS_MODULE",
      "SYS_PTRACE", "SYS_RAWIO", "SYS_TIME", "NET_ADMIN",   "DAC_READ_SEARCH", "SYS_BOOT"};
  return kDrop;
}

std::string CanonicalCapability(const std::string& name) {
  std::string upper;
  for (char c : name)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper.rfind("CAP_", 0) == 0) upper = upper.substr(4);
  if (upper == "ALL") return upper;
  for (const auto& known : KnownCapabilities()) {
    if (known == upper) return upper;
  }
  return "";
}

bool IsKnownUlimit(const std::string& name) {
  static const std::vector<std::string> kNames = {
      "core",   "cpu",   "data", "fsize",  "locks",  "memlock",    "msgqueue", "nice",
      "nofile", "nproc", "rss",  "rtprio", "rttime", "sigpending", "stack"};
  for (const auto& known : kNames) {
    if (known == name) return true;
  }
  return false;
}

Status ResolveHostMounts(const std::vector<std::string>& allowed_dirs,
                         std::vector<BindMount>* binds) {
  if (allowed_dirs.empty()) return Status::Ok();
  std::vector<std::string> real_dirs;
  for (const auto& dir : allowed_dirs) {
    auto normal = core::NormalHostPath(dir);
    if (!normal) continue;
    auto real = ResolveExisting(*normal);
    real_dirs.push_back(real.ok() ? *real : *normal);
  }
  for (size_t i = 0; i < binds->size(); ++i) {
    BindMount& bind = (*binds)[i];
    const std::string where = "volumes[" + std::to_string(i) + "].pathOnHost " + bind.host_path;
    auto normal = core::NormalHostPath(bind.host_path);
    if (!normal) return Status::Error(where + ": must be an absolute path");
    auto real = ResolveExisting(*normal);
    if (!real.ok()) return Status::Error(where + ": " + real.error());
    if (!core::IsWithinAnyDir(*real, real_dirs)) {
      return Status::Error(where + ": resolves to " + *real +
                           ", outside the executor's allowedMountDirs " + JoinDirs(allowed_dirs));
    }
    bind.host_path = *real;
  }
  return Status::Ok();
}

Status SecureContainer(const ContainerSecurity& security, bool has_config_files,
                       ContainerConfig* config) {
  if (Status status = ResolveHostMounts(security.allowed_mount_dirs, &config->binds);
      !status.ok()) {
    return status;
  }
  if (security.read_only_rootfs && has_config_files) {
    return Status::Error(
        "configs cannot be copied into a read-only root file system (executor "
        "containerSecurity.readOnlyRootFs is on)");
  }
  config->no_new_privileges = security.no_new_privileges;
  config->cap_drop = security.cap_drop;
  config->read_only_rootfs = security.read_only_rootfs;
  if (security.read_only_rootfs) config->tmpfs = security.tmpfs;
  config->pids_limit = security.pids_limit;
  config->ulimits = security.ulimits;
  return Status::Ok();
}

}  // namespace drove::executor
