// JSON mapping of LocalServiceSpec.
#include "orchestrator/core/model/local_service_spec.h"

#include "orchestrator/core/model/deployable_spec_json.h"
#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

std::string ServiceId(const LocalServiceSpec& spec) { return spec.name + "-" + spec.version; }

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
