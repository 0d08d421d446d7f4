// Pipelined reads of a subtree: every request of a level is in flight at once (async API), so
// loading 3,000 nodes costs a few round trips, not 3,000.
#pragma once

#include <zookeeper/zookeeper.h>

#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::coordination {

struct ZkTreeNode {
  std::string key;   // relative to the base: "child" or "child/grandchild"
  int depth = 0;     // 1 for a child of the base
  std::string data;  // read only for nodes at the requested depth, and only with_data
};

// Every node at depths 1..depth below `base`, in no particular order. A missing base (or a node
// deleted while reading) is simply absent. Errors carry ZkStatusCode of the first failure.
core::Result<std::vector<ZkTreeNode>> ReadTree(zhandle_t* zh, const std::string& base, int depth,
                                               bool with_data);

}  // namespace drove::coordination
