// One container's resource usage as the engine's stats call reports it
// (GET /containers/{id}/stats?stream=false), in base units, and its parser.
#pragma once

#include <cstdint>
#include <string>

#include "orchestrator/core/util/status.h"

namespace drove::executor {

struct ContainerStats {
  double cpu_seconds = 0;  // cpu_stats.cpu_usage.total_usage (ns) in seconds
  uint64_t cpu_throttled_periods = 0;
  uint64_t memory_usage_bytes = 0;
  uint64_t memory_limit_bytes = 0;  // the host's memory when the container has no limit
  uint64_t network_rx_bytes = 0;    // over all interfaces
  uint64_t network_tx_bytes = 0;
  uint64_t blkio_read_bytes = 0;
  uint64_t blkio_write_bytes = 0;
  uint64_t pids = 0;
};

// Docker's and Podman's stats JSON; absent sections read as 0 (a container without a network
// has no `networks`), a body that is not a JSON object is an error.
core::Result<ContainerStats> ParseContainerStats(const std::string& body);

}  // namespace drove::executor
