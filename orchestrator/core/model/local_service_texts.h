// User-visible texts about local services, in Drove's wording (drove-api.md 1.3, 2.4), in one place
// so the model's validation, the controller and the tests agree.
#pragma once

#include <string>
#include <vector>

namespace drove::core::local_service_texts {

// Spec and CREATE validation (400 (b)).
inline constexpr const char* kOnlyLocalPlacement =
    "Only local placement is allowed for local services";
inline constexpr const char* kHostLevelSingleInstance =
    "Host level service cannot have more than one instance";

// Engine validation of an operation against the stored service (400 (b)).
inline constexpr const char* kNoServiceId = "No local service id found in operation";
inline constexpr const char* kHostLevelCountUpdate =
    "Instance count update is allowed only for services that do not have Host Level option set";

inline std::string AlreadyExists(const std::string& service_id) {
  return "Local service " + service_id + " already exists";
}
inline std::string NoStateFound(const std::string& service_id) {
  return "No state found for local service: " + service_id;
}

// Java's List.toString(): "[a, b]".
inline std::string BracketList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out + "]";
}
// STOP_INSTANCES / REPLACE_INSTANCES naming ids that are not HEALTHY instances of the service.
inline std::string NoHealthyInstances(const std::vector<std::string>& ids) {
  return "There are no healthy instances with ids: " + BracketList(ids);
}
inline std::string NoReplaceableHealthyInstances(const std::vector<std::string>& ids) {
  return "There are no replaceable healthy instances with ids: " + BracketList(ids);
}

// Read endpoints (200 FAILED).
inline std::string NotFound(const std::string& service_id) {
  return "Local service " + service_id + " not found";
}
inline std::string NoSuchInstance(const std::string& service_id, const std::string& instance_id) {
  return "No such local service instance " + service_id + "/" + instance_id;
}

}  // namespace drove::core::local_service_texts
