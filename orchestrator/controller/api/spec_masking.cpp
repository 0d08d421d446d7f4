// Masks secrets in specs returned by GET .../spec: inline config data and HTTP fetch credentials.
#include "orchestrator/controller/api/routes.h"

namespace drove::controller::api {

nlohmann::json MaskSpec(nlohmann::json spec) {
  if (!spec.is_object()) return spec;
  auto configs = spec.find("configs");
  if (configs == spec.end() || !configs->is_array()) return spec;
  for (auto& config : *configs) {
    if (!config.is_object()) continue;
    const auto type_field = config.find("type");
    if (type_field == config.end() || !type_field->is_string()) continue;
    const std::string& type = type_field->get_ref<const std::string&>();
    if (type == "INLINE") {
      config["data"] = "";
    } else if (type == "CONTROLLER_HTTP_FETCH" || type == "EXECUTOR_HTTP_FETCH") {
      auto http = config.find("http");
      if (http == config.end() || !http->is_object()) continue;
      (*http)["username"] = "***";
      (*http)["password"] = "***";
      (*http)["authHeader"] = "***";
    }
  }
  return spec;
}

}  // namespace drove::controller::api
