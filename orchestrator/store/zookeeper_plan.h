// Drove's ZooKeeper layout and how a batch of StoreWrites becomes the ops of one multi, planned
// against the set of paths the store knows to exist (ZooKeeper has no upsert).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/store/state_store.h"

namespace drove::store {

struct KindLayout {
  const char* kind;
  const char* folder;  // under the namespace root
  bool nested;         // records at folder/{parent}/{id} instead of folder/{id}
};

// Every kind, in Drove's layout (kApp -> applications, kInstance -> instances/{appId}, ...).
const std::vector<KindLayout>& ZookeeperLayout();
// nullptr for an unknown kind.
const KindLayout* FindLayout(const std::string& kind);
// The same in another daemon's layout (drove-epoch's topologies and runs).
const KindLayout* FindLayout(const std::vector<KindLayout>& layout, const std::string& kind);

// A whole request packet may not exceed jute.maxbuffer (1,048,575 bytes); this leaves room for
// the request header and our per-op estimate's error, and still fits one kMaxRecordBytes record.
inline constexpr size_t kMaxMultiBytes = 1'040'000;

struct PlannedOp {
  enum Type { kCreate, kSet, kDelete } type;
  std::string path;
  const std::string* data = nullptr;  // create/set: points into the caller's writes
};

struct Plan {
  std::vector<PlannedOp> ops;                // without the fence check, which goes first
  std::map<std::string, bool> exists_after;  // path -> exists once the multi succeeded
};

// Ops for `writes` (already size-checked): create or set per put, parents created as needed,
// deletes only of existing nodes, and a nested parent deleted with its last child. kError for a
// bad key, kTooLarge (naming the largest record) when the multi would not fit in one packet.
core::Result<Plan> MakePlan(const std::string& root, const std::vector<StoreWrite>& writes,
                            const std::set<std::string>& existing, const std::string& fence);
// The same for the kinds of `layout` instead of Drove's.
core::Result<Plan> MakePlan(const std::string& root, const std::vector<StoreWrite>& writes,
                            const std::set<std::string>& existing, const std::string& fence,
                            const std::vector<KindLayout>& layout);

}  // namespace drove::store
