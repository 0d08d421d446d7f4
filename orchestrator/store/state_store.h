// The controller's durable state: opaque JSON documents addressed by (kind, id).
// The leader keeps the whole model in memory and writes every change through this interface.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::store {

// Kinds used by the controller (see docs/internals.md).
inline constexpr const char* kApp = "app";
inline constexpr const char* kInstance = "instance";
inline constexpr const char* kTask = "task";
inline constexpr const char* kOperation = "operation";
inline constexpr const char* kMeta = "meta";

struct StoreWrite {
  std::string kind;
  std::string id;
  std::string json;  // empty: delete the record
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  virtual core::Status Put(const std::string& kind, const std::string& id,
                           const std::string& json) = 0;
  virtual core::Status Delete(const std::string& kind, const std::string& id) = 0;
  // Applies all writes atomically (one transaction): either every record changes or none.
  virtual core::Status Apply(const std::vector<StoreWrite>& writes) = 0;
  // Every record of a kind, id -> json.
  virtual core::Result<std::map<std::string, std::string>> LoadAll(const std::string& kind) = 0;
};

// Opens (creating if needed) the SQLite store at path: WAL mode, one transaction per write call.
core::Result<std::unique_ptr<StateStore>> OpenSqliteStore(const std::string& path);

}  // namespace drove::store
