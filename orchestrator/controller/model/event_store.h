// The leader's in-memory event store (drove-api.md 2.1): bounded by age, read with a strictly-greater cursor.
//
// Owner: one EventStore per controller core, guarded by its own mutex (a leaf lock: it never calls
// out while holding it, so the cluster model may add events while holding its own lock).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/model/enums.h"

namespace drove::controller {

class EventStore {
 public:
  EventStore(int64_t retention_ms, NowFn now) : retention_ms_(retention_ms), now_(std::move(now)) {}

  // Records an event {type, id, time, metadata}, stamped with the current time.
  void Add(core::EventType type, nlohmann::json metadata);

  // {events: newest first with time > last_sync_time (at most `size`, the newest kept),
  //  lastSyncTime: newest stored event time, or last_sync_time when the store is empty}.
  nlohmann::json Since(int64_t last_sync_time, int size);
  // {eventsCount: {type: n} over events newer than last_sync_time, lastSyncTime} as above.
  nlohmann::json Summary(int64_t last_sync_time);
  // Forgets every event: Drove empties the event store whenever leadership changes.
  void Clear();

 private:
  void PruneLocked();

  const int64_t retention_ms_;
  const NowFn now_;
  std::mutex mu_;
  std::multimap<int64_t, nlohmann::json> events_;  // by time; equal times keep insertion order
};

}  // namespace drove::controller
