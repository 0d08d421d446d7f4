// Cluster events (Event, EventsList, EventsSummary) and the metadata keys Drove uses.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"

namespace drove::core {

// {type, id (uuid4), time (ms), metadata: {KEY -> string | number}}.
struct Event {
  EventType type = EventType::kAppStateChange;
  std::string id;
  int64_t time = 0;
  std::map<std::string, nlohmann::json> metadata;  // values are strings or numbers
  bool operator==(const Event&) const = default;
};

// GET /cluster/events/latest: newest first.
struct EventsList {
  std::vector<Event> events;
  int64_t last_sync_time = 0;              // `lastSyncTime`
  bool operator==(const EventsList&) const = default;
};

// GET /cluster/events/summary: {eventsCount: {EventType -> n}, lastSyncTime}.
struct EventsSummary {
  std::map<EventType, int64_t> events_count;  // `eventsCount`, `{}` when nothing is new
  int64_t last_sync_time = 0;
  bool operator==(const EventsSummary&) const = default;
};

// Metadata keys (drove-api.md section 4).
namespace event_keys {
inline constexpr const char* kAppId = "APP_ID";
inline constexpr const char* kAppName = "APP_NAME";
inline constexpr const char* kAppVersion = "APP_VERSION";
inline constexpr const char* kExecutable = "EXECUTABLE";
inline constexpr const char* kCpuCount = "CPU_COUNT";
inline constexpr const char* kMemory = "MEMORY";
inline constexpr const char* kPlacementPolicy = "PLACEMENT_POLICY";
inline constexpr const char* kPorts = "PORTS";
inline constexpr const char* kVhost = "VHOST";
inline constexpr const char* kCurrentInstances = "CURRENT_INSTANCES";
inline constexpr const char* kCurrentState = "CURRENT_STATE";
inline constexpr const char* kInstanceId = "INSTANCE_ID";
inline constexpr const char* kExecutorId = "EXECUTOR_ID";
inline constexpr const char* kExecutorHost = "EXECUTOR_HOST";
inline constexpr const char* kError = "ERROR";
inline constexpr const char* kCreated = "CREATED";
inline constexpr const char* kTaskId = "TASK_ID";
inline constexpr const char* kResultStatus = "RESULT_STATUS";
inline constexpr const char* kResultExitCode = "RESULT_EXIT_CODE";
inline constexpr const char* kLocalServiceId = "LOCAL_SERVICE_ID";
inline constexpr const char* kLocalServiceName = "LOCAL_SERVICE_NAME";
inline constexpr const char* kLocalServiceVersion = "LOCAL_SERVICE_VERSION";
inline constexpr const char* kCurrentInstancesPerHost = "CURRENT_INSTANCES_PER_HOST";
inline constexpr const char* kServiceId = "SERVICE_ID";
inline constexpr const char* kServiceName = "SERVICE_NAME";
inline constexpr const char* kHostname = "HOSTNAME";
inline constexpr const char* kPort = "PORT";
}  // namespace event_keys

void to_json(nlohmann::json& j, const Event& v);            // NOLINT
void from_json(const nlohmann::json& j, Event& v);          // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, Event* out);
void to_json(nlohmann::json& j, const EventsList& v);       // NOLINT
void from_json(const nlohmann::json& j, EventsList& v);     // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, EventsList* out);
void to_json(nlohmann::json& j, const EventsSummary& v);    // NOLINT
void from_json(const nlohmann::json& j, EventsSummary& v);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, EventsSummary* out);

}  // namespace drove::core
