// The leader's in-memory event store (drove-api.md 2.1): bounded by age, read with a
// strictly-greater time cursor (events/latest, summary) or by sequence number (the live stream),
// with listeners.
//
// Owner: one EventStore per controller core. mu_ guards the events and figures and is a leaf
// lock. deliver_mu_ is held by Add/Clear around storing and telling the listeners, so listeners
// hear every event once and in sequence order; they are called outside mu_ and must neither block
// nor call back into the store (the cluster model adds events while holding its own lock).
//
// Deviations from Drove, both so that nothing is lost between two reads:
// - An event's time is never below its predecessor's (a clock stepping back repeats the last
//   time), so time order is sequence order.
// - events/latest with more than `size` new events returns the OLDEST `size` of them and sets
//   lastSyncTime to the newest returned, so a client paging with lastSyncTime gets every event.
//   The cut never splits one millisecond (a cursor cannot point inside it): fewer than `size`
//   are returned then, or more when `size` events share one millisecond.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/model/enums.h"

namespace drove::controller {

// One stored event. Sequence numbers rise by one per event within a leadership term and jump
// above every earlier one at the start of a term (seeded from the clock), so an id from another
// term is never mistaken for one of this term's.
struct StoredEvent {
  uint64_t sequence = 0;
  int64_t time = 0;
  nlohmann::json json;  // {type, id, time, metadata}, as events/latest gives it
  std::string text;     // json, serialised once for every stream client
};
using EventPtr = std::shared_ptr<const StoredEvent>;

class EventListener {
 public:
  virtual ~EventListener() = default;
  // A new event, in sequence order, on the adding thread (see the lock rules above).
  virtual void OnEvent(const EventPtr& event) = 0;
  // The store forgot every event (a leadership change); sequence numbers jump.
  virtual void OnCleared() = 0;
};

struct EventFigures {
  std::map<std::string, int64_t> added_by_type;  // since the process started
  int64_t stored = 0;
};

class EventStore {
 public:
  EventStore(int64_t retention_ms, NowFn now);

  // Records an event {type, id, time, metadata}, stamped with the current time.
  void Add(core::EventType type, nlohmann::json metadata);

  // {events: newest first with time > last_sync_time, lastSyncTime}. Up to `size` new events:
  // all, and lastSyncTime is the newest stored event's time (or last_sync_time when the store is
  // empty). More: the oldest ones, see the header's deviations.
  nlohmann::json Since(int64_t last_sync_time, int size);
  // Drove's deprecated plain list (GET /cluster/events): newest first with time >
  // last_sync_time, at most `size`, the newest kept (its clients page by their own clock).
  nlohmann::json Newest(int64_t last_sync_time, int size);
  // {eventsCount: {type: n} over events newer than last_sync_time, lastSyncTime} as above.
  nlohmann::json Summary(int64_t last_sync_time);
  // The kept events after `sequence`, oldest first; nullopt when some of them are no longer kept
  // (retention, an id of another term or from the future): the reader must start afresh.
  std::optional<std::vector<EventPtr>> After(uint64_t sequence);
  // The sequence number of the newest event (kept or not) of this term's numbering.
  uint64_t LastSequence();
  // Forgets every event: Drove empties the event store whenever leadership changes.
  void Clear();

  void Subscribe(EventListener* listener);
  void Unsubscribe(EventListener* listener);

  EventFigures Figures();

 private:
  void PruneLocked();
  // Moves the next sequence number to at least `gap` above the last and to the clock's seed.
  void SeedLocked(uint64_t gap);

  const int64_t retention_ms_;
  const NowFn now_;
  std::mutex deliver_mu_;                  // Add/Clear and listener changes, in order
  std::vector<EventListener*> listeners_;  // deliver_mu_
  std::mutex mu_;
  std::deque<EventPtr> events_;  // by sequence, hence by time
  uint64_t next_sequence_ = 0;
  int64_t last_time_ = 0;
  std::map<std::string, int64_t> added_by_type_;
};

}  // namespace drove::controller
