// Scale-down victim choice: which instances of an app to stop, keeping the app spread across hosts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace drove::scheduler {

struct InstanceRef {
  std::string instance_id;
  std::string executor_id;
  int64_t created_ms = 0;
};

// Picks `count` instances (all of them if fewer) in stop order. Each pick comes from the
// executor that has the most remaining instances; among tied executors, the newest instance
// wins (created_ms, then instance id, then executor id descending), so the choice is
// deterministic. O(n log n).
std::vector<InstanceRef> ChooseVictims(std::vector<InstanceRef> instances, size_t count);

}  // namespace drove::scheduler
