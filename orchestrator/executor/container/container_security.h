// Least privilege for every container the executor creates (executor YAML `containerSecurity`,
// docs/internals.md), and the executor's own re-check of host mounts on its real file system.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

// Dropped unless the executor's YAML says otherwise; why each one is in docs/security.md.
const std::vector<std::string>& DefaultCapDrop();

struct ContainerSecurity {
  bool no_new_privileges = true;
  std::vector<std::string> cap_drop = DefaultCapDrop();
  bool read_only_rootfs = false;
  std::vector<std::string> tmpfs = {"/tmp"};  // mounted only when read_only_rootfs
  int64_t pids_limit = 4096;                  // 0: the engine's default
  std::vector<Ulimit> ulimits;                // empty: the engine's defaults
  // Host directories volumes may come from (empty: any), checked after resolving symlinks.
  std::vector<std::string> allowed_mount_dirs;
};

// Capability names as the engines accept them: "NET_RAW" (a "CAP_" prefix is dropped), "ALL".
// Returns the canonical spelling, or "" when `name` is not a Linux capability.
std::string CanonicalCapability(const std::string& name);
bool IsKnownUlimit(const std::string& name);

// Refuses (with the rule) what the executor will not run, then hardens `config`:
// - every bind's host path must resolve (symlinks and "..") inside allowed_mount_dirs; the
//   resolved path replaces it, so the engine mounts what was checked;
// - config files cannot be copied into a read-only root (the engine refuses the copy);
// - no-new-privileges, dropped capabilities, read-only root, pids limit and ulimits are set.
core::Status SecureContainer(const ContainerSecurity& security, bool has_config_files,
                             ContainerConfig* config);

// The bind re-check alone: each host path with its symlinks resolved, or the refusal.
core::Status ResolveHostMounts(const std::vector<std::string>& allowed_dirs,
                               std::vector<BindMount>* binds);

}  // namespace drove::executor
