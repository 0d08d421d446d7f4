// The controller's durable state: opaque JSON documents addressed by (kind, parent, id).
// The leader keeps the whole model in memory and writes every change through this interface.
//
// `parent` exists for Drove's ZooKeeper layout, which nests records under their app
// (/instances/{appId}/{instanceId}, /tasks/{sourceAppName}/{instanceId}). A record's key within
// its kind is `parent/id` (just `id` without a parent). Every write goes through Apply, which is atomic
// and, in a store shared by several controllers, fenced: a writer that lost leadership gets
// kFenced and nothing changes. Errors carry core::StatusCode so the core can tell "retry"
// (kUnavailable) from "stop leading" (kFenced).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::store {

// Kinds used by the controller (see docs/internals.md). Nested kinds take a parent.
inline constexpr const char* kApp = "app";            // id appId
inline constexpr const char* kInstance = "instance";  // parent appId, id instanceId
inline constexpr const char* kTask = "task";          // parent sourceAppName, id instanceId
inline constexpr const char* kOperation = "operation";  // id appId
inline constexpr const char* kExecutor = "executor";    // id executorId (last known address)
inline constexpr const char* kCluster = "cluster";      // id "maintenance", ...
inline constexpr const char* kMeta = "meta";
inline constexpr const char* kLocalService = "localservice";  // id serviceId
inline constexpr const char* kServiceInstance = "lsinstance";  // parent serviceId, id instanceId

struct StoreWrite {
  std::string kind;
  std::string parent;  // nested kinds only
  std::string id;
  std::string json;  // empty: delete the record (deleting a missing record is not an error)
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Applies all writes atomically: either every record changes or none does.
  virtual core::Status Apply(const std::vector<StoreWrite>& writes) = 0;
  // Every record of a kind, key (`parent/id`, or `id`) -> json.
  virtual core::Result<std::map<std::string, std::string>> LoadAll(const std::string& kind) = 0;
  // The largest value one record may hold (ZooKeeper's packet limit less overhead).
  virtual size_t MaxValueBytes() const = 0;

  core::Status Put(const std::string& kind, const std::string& parent, const std::string& id,
                   const std::string& json) {
    return Apply({StoreWrite{kind, parent, id, json}});
  }
  core::Status Delete(const std::string& kind, const std::string& parent, const std::string& id) {
    return Apply({StoreWrite{kind, parent, id, ""}});
  }
};

// The key LoadAll returns for a record.
inline std::string RecordKey(const std::string& parent, const std::string& id) {
  return parent.empty() ? id : parent + "/" + id;
}

// One value limit for every store, so a spec accepted by a single controller on SQLite is also
// accepted by a cluster on ZooKeeper (jute.maxbuffer 1,048,575 bytes per request packet, which
// also carries the other writes of the same Apply).
inline constexpr size_t kMaxRecordBytes = 1000 * 1000;

// kTooLarge naming the first record over kMaxRecordBytes; every store checks before writing.
core::Status CheckRecordSizes(const std::vector<StoreWrite>& writes);

// Applies the writes in order, in as few Apply calls as keep each under kMaxRecordBytes (so under
// ZooKeeper's packet limit). Atomic when they fit one call; those that do not are large executor
// snapshots and prunes (independent records) or a spec near the record limit saved with its
// operation. Stops at the first failure.
core::Status ApplyInBatches(StateStore& store, const std::vector<StoreWrite>& writes);

// Opens (creating if needed) the SQLite store at path: WAL mode, one transaction per Apply.
// Records are keyed (kind, RecordKey(parent, id)).
core::Result<std::unique_ptr<StateStore>> OpenSqliteStore(const std::string& path);

}  // namespace drove::store
