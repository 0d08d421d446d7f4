// JSON mapping of events, event lists and event summaries.
#include "orchestrator/core/model/events.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const Event& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  j["id"] = v.id;
  j["time"] = v.time;
  j["metadata"] = nlohmann::json::object();
  for (const auto& [key, value] : v.metadata) {
    if (!value.is_null()) j["metadata"][key] = value;  // null-valued keys are omitted
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, Event* out) {
  ObjectReader r(j, path);
  Event v;
  v.type = r.Get<EventType>("type");
  v.id = r.String("id");
  v.time = r.Int64("time");
  if (const auto* m = r.Find("metadata")) {
    std::string meta_path = r.PathOf("metadata");
    RequireObject(*m, meta_path);
    for (auto it = m->begin(); it != m->end(); ++it) {
      const nlohmann::json& value = it.value();
      if (value.is_null()) continue;
      if (!value.is_string() && !value.is_number() && !value.is_boolean()) {
        ThrowParseError(JoinPath(meta_path, it.key()),
                        "expected string or number, got " + JsonTypeName(value));
      }
      v.metadata[it.key()] = value;
    }
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, Event& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const EventsList& v) {
  j = nlohmann::json{{"events", v.events}, {"lastSyncTime", v.last_sync_time}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, EventsList* out) {
  ObjectReader r(j, path);
  out->events = r.List<Event>("events");
  out->last_sync_time = r.Int64("lastSyncTime");
}

void from_json(const nlohmann::json& j, EventsList& v) { ReadJson(j, "", &v); }

void to_json(nlohmann::json& j, const EventsSummary& v) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [type, n] : v.events_count) counts[std::string(ToString(type))] = n;
  j = nlohmann::json{{"eventsCount", counts}, {"lastSyncTime", v.last_sync_time}};
}

void ReadJson(const nlohmann::json& j, const std::string& path, EventsSummary* out) {
  ObjectReader r(j, path);
  EventsSummary v;
  if (const auto* c = r.Find("eventsCount")) {
    std::string counts_path = r.PathOf("eventsCount");
    RequireObject(*c, counts_path);
    for (auto it = c->begin(); it != c->end(); ++it) {
      std::string key_path = JoinPath(counts_path, it.key());
      EventType type{};
      ReadJson(nlohmann::json(it.key()), key_path, &type);
      v.events_count[type] = ReadInt64(it.value(), key_path);
    }
  }
  v.last_sync_time = r.Int64("lastSyncTime");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, EventsSummary& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
