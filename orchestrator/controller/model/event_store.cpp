// Event store: append with the clock's time and a sequence number, prune by age, read by time
// cursor (oldest pages first when over `size`) or by sequence, tell listeners in order.
#include "orchestrator/controller/model/event_store.h"

#include <algorithm>

#include "orchestrator/core/util/uuid.h"

namespace drove::controller {
namespace {

using nlohmann::json;

// Sequence numbers of a term start at the clock's ms times this: above every number an earlier
// term handed out unless it averaged 1000 events per ms, and below 2^53 (exact in JavaScript).
constexpr uint64_t kSequencesPerMs = 1000;

bool TimeBefore(int64_t time, const EventPtr& event) { return time < event->time; }
bool EventBefore(const EventPtr& event, int64_t time) { return event->time < time; }

}  // namespace

EventStore::EventStore(int64_t retention_ms, NowFn now)
    : retention_ms_(retention_ms), now_(std::move(now)) {
  SeedLocked(0);
}

void EventStore::SeedLocked(uint64_t gap) {
  uint64_t from_clock = static_cast<uint64_t>(std::max<int64_t>(now_(), 0)) * kSequencesPerMs;
  next_sequence_ = std::max(next_sequence_ + gap, from_clock);
}

void EventStore::Add(core::EventType type, json metadata) {
  std::lock_guard<std::mutex> deliver(deliver_mu_);
  EventPtr stored;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto event = std::make_shared<StoredEvent>();
    event->sequence = next_sequence_++;
    event->time = last_time_ = std::max(now_(), last_time_);
    std::string type_name(core::ToString(type));
    event->json = json{{"type", type_name},
                       {"id", core::UuidV4()},
                       {"time", event->time},
                       {"metadata", std::move(metadata)}};
    event->text = event->json.dump();
    ++added_by_type_[type_name];
    stored = event;
    events_.push_back(std::move(event));
    PruneLocked();
  }
  for (EventListener* listener : listeners_) listener->OnEvent(stored);
}

void EventStore::PruneLocked() {
  int64_t oldest_kept = now_() - retention_ms_;
  while (!events_.empty() && events_.front()->time < oldest_kept) events_.pop_front();
}

json EventStore::Since(int64_t last_sync_time, int size) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  auto first = std::upper_bound(events_.begin(), events_.end(), last_sync_time, TimeBefore);
  auto end = events_.end();
  if (first != end && size <= 0) {
    return json{{"events", json::array()}, {"lastSyncTime", last_sync_time}};  // no progress
  }
  if (end - first > size) {
    // Page from the oldest, cut at a millisecond boundary (see the header).
    end = first + size;
    int64_t cut_time = (*(end - 1))->time;
    if ((*end)->time == cut_time) {
      auto whole_ms = std::lower_bound(first, end, cut_time, EventBefore);
      end =
          whole_ms != first ? whole_ms : std::upper_bound(end, events_.end(), cut_time, TimeBefore);
    }
  }
  json list = json::array();
  for (auto it = end; it != first;) list.push_back((*--it)->json);
  int64_t newest = end != first      ? (*(end - 1))->time
                   : events_.empty() ? last_sync_time
                                     : events_.back()->time;
  return json{{"events", std::move(list)}, {"lastSyncTime", newest}};
}

json EventStore::Newest(int64_t last_sync_time, int size) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  auto first = std::upper_bound(events_.begin(), events_.end(), last_sync_time, TimeBefore);
  json list = json::array();
  for (auto it = events_.end(); it != first && static_cast<int>(list.size()) < size;) {
    list.push_back((*--it)->json);
  }
  return list;
}

json EventStore::Summary(int64_t last_sync_time) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  json counts = json::object();
  auto first = std::upper_bound(events_.begin(), events_.end(), last_sync_time, TimeBefore);
  for (auto it = first; it != events_.end(); ++it) {
    const std::string& type = (*it)->json["type"].get_ref<const std::string&>();
    counts[type] = counts.value(type, int64_t{0}) + 1;
  }
  int64_t newest = events_.empty() ? last_sync_time : events_.back()->time;
  return json{{"eventsCount", std::move(counts)}, {"lastSyncTime", newest}};
}

std::optional<std::vector<EventPtr>> EventStore::After(uint64_t sequence) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  uint64_t first = events_.empty() ? next_sequence_ : events_.front()->sequence;
  if (sequence + 1 < first || sequence >= next_sequence_) return std::nullopt;
  return std::vector<EventPtr>(events_.begin() + static_cast<ptrdiff_t>(sequence + 1 - first),
                               events_.end());
}

uint64_t EventStore::LastSequence() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_sequence_ - 1;
}

void EventStore::Clear() {
  std::lock_guard<std::mutex> deliver(deliver_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    events_.clear();
    // Even within one process the numbers jump, so a reader of the last term sees the break.
    SeedLocked(kSequencesPerMs);
  }
  for (EventListener* listener : listeners_) listener->OnCleared();
}

void EventStore::Subscribe(EventListener* listener) {
  std::lock_guard<std::mutex> deliver(deliver_mu_);
  listeners_.push_back(listener);
}

void EventStore::Unsubscribe(EventListener* listener) {
  std::lock_guard<std::mutex> deliver(deliver_mu_);
  std::erase(listeners_, listener);
}

EventFigures EventStore::Figures() {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  return EventFigures{added_by_type_, static_cast<int64_t>(events_.size())};
}

}  // namespace drove::controller
