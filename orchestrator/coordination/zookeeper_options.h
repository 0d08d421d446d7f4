// How a controller reaches its ZooKeeper ensemble (the `zookeeper` block of the controller config).
#pragma once

#include "orchestrator/core/util/status.h"

#include <chrono>
#include <string>

namespace drove::coordination {

struct ZookeeperOptions {
  // "host:port,host:port" (no chroot suffix: the namespace below plays that part).
  std::string connection_string;
  // Requested session timeout; the server clamps it to [2, 20] x its tickTime. Leadership is
  // leased for half of the negotiated value, so a paused leader stops acting before it can expire.
  std::chrono::milliseconds session_timeout{10000};
  // Path prefix of every node Drove writes ("drove" -> /drove). Not a ZooKeeper chroot, so the
  // store can create and mark the root itself.
  std::string name_space = "drove";
  // How long Connect waits for the first session before giving up.
  std::chrono::milliseconds connect_timeout{15000};
};

// The rules the controller's config applies at start (so a bad value is `file:key: reason`, exit 2)
// and Connect applies again. Messages name the value and the rule, without a "zookeeper:" prefix.
//
// host:port[,host:port...]; IPv6 hosts in brackets, no chroot suffix (the namespace plays that part).
core::Status CheckConnectionString(const std::string& hosts);
// "drove" or "/drove" -> "/drove"; an error for an empty namespace or an invalid ZooKeeper path.
core::Result<std::string> NamespaceRoot(const std::string& name_space);

}  // namespace drove::coordination
