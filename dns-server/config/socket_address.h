// "ip:port" / "[ipv6]:port" / "ip" text to a sockaddr, and back, for listen and upstream addresses.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestrator/core/util/status.h"

namespace drove::dns {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  uint16_t port() const;
  // "127.0.0.1:53" / "[::1]:53".
  std::string ToText() const;
};

// Numeric addresses only (no name lookups). A missing port takes `default_port`; with
// default_port < 0 the port is required.
core::Result<SocketAddress> ParseSocketAddress(std::string_view text, int default_port = -1);

}  // namespace drove::dns
