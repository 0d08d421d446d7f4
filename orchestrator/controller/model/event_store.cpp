// Event store: append with the clock's time, prune by age, cursor reads newest first.
#include "orchestrator/controller/model/event_store.h"

#include "orchestrator/core/util/uuid.h"

namespace drove::controller {

using nlohmann::json;

void EventStore::Add(core::EventType type, json metadata) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t now = now_();
  json event{{"type", core::ToString(type)},
             {"id", core::UuidV4()},
             {"time", now},
             {"metadata", std::move(metadata)}};
  events_.emplace(now, std::move(event));
  PruneLocked();
}

void EventStore::PruneLocked() {
  int64_t oldest_kept = now_() - retention_ms_;
  events_.erase(events_.begin(), events_.lower_bound(oldest_kept));
}

json EventStore::Since(int64_t last_sync_time, int size) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  json list = json::array();
  for (auto it = events_.rbegin(); it != events_.rend() && it->first > last_sync_time; ++it) {
    if (static_cast<int>(list.size()) >= size) break;
    list.push_back(it->second);
  }
  int64_t newest = events_.empty() ? last_sync_time : events_.rbegin()->first;
  return json{{"events", std::move(list)}, {"lastSyncTime", newest}};
}

json EventStore::Summary(int64_t last_sync_time) {
  std::lock_guard<std::mutex> lock(mu_);
  PruneLocked();
  json counts = json::object();
  for (auto it = events_.upper_bound(last_sync_time); it != events_.end(); ++it) {
    const std::string& type = it->second["type"].get_ref<const std::string&>();
    counts[type] = counts.value(type, int64_t{0}) + 1;
  }
  int64_t newest = events_.empty() ? last_sync_time : events_.rbegin()->first;
  return json{{"eventsCount", std::move(counts)}, {"lastSyncTime", newest}};
}

void EventStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  events_.clear();
}

}  // namespace drove::controller
