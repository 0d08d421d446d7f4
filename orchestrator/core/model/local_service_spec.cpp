// JSON mapping of LocalServiceSpec.
#include "orchestrator/core/model/local_service_spec.h"

#include "orchestrator/core/model/deployable_spec_json.h"
#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

// Drove reads hostLevel off a top-level LOCAL policy only (a LOCAL inside a COMPOSITE makes its
// cast fail); looking through composites gives the same answer where Drove gives one.
bool HasHostLevelLocal(const PlacementPolicy& policy) {
  if (policy.type == PlacementPolicyType::kLocal) return policy.host_level;
  for (const PlacementPolicy& child : policy.policies) {
    if (HasHostLevelLocal(child)) return true;
  }
  return false;
}

}  // namespace

std::string ServiceId(const LocalServiceSpec& spec) { return spec.name + "-" + spec.version; }

bool IsHostLevel(const LocalServiceSpec& spec) {
  return spec.placement_policy && HasHostLevelLocal(*spec.placement_policy);
}

void to_json(nlohmann::json& j, const LocalServiceSpec& v) {
  j = nlohmann::json::object();
  internal::WriteDeployableFields(j, v);
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceSpec* out) {
  ObjectReader r(j, path);
  LocalServiceSpec v;
  internal::ReadDeployableFields(r, &v);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalServiceSpec& v) { ReadJson(j, "", &v); }

Result<LocalServiceSpec> ParseLocalServiceSpec(const nlohmann::json& j) {
  return ParseJson<LocalServiceSpec>(j);
}

LocalServiceSpec MaskLocalServiceSpec(const LocalServiceSpec& spec) {
  return internal::MaskDeployableSpec(spec);
}

}  // namespace drove::core
