// JSON mapping of ApplicationSpec, appId and masking.
#include "orchestrator/core/model/application_spec.h"

#include "orchestrator/core/model/deployable_spec_json.h"
#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

std::string AppId(const std::string& name, const std::string& version) {
  return name + "-" + version;
}

std::string AppId(const ApplicationSpec& spec) { return AppId(spec.name, spec.version); }

void to_json(nlohmann::json& j, const ApplicationSpec& v) {
  j = nlohmann::json::object();
  internal::WriteDeployableFields(j, v);
  SetIfPresent(j, "exposureSpec", v.exposure_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ApplicationSpec* out) {
  ObjectReader r(j, path);
  ApplicationSpec v;
  internal::ReadDeployableFields(r, &v);
  v.exposure_spec = r.Opt<ExposureSpec>("exposureSpec");
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ApplicationSpec& v) { ReadJson(j, "", &v); }

Result<ApplicationSpec> ParseApplicationSpec(const nlohmann::json& j) {
  return ParseJson<ApplicationSpec>(j);
}

ApplicationSpec MaskApplicationSpec(const ApplicationSpec& spec) {
  return internal::MaskDeployableSpec(spec);
}

}  // namespace drove::core
