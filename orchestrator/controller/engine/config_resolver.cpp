// Resolves controller-side config fetches into INLINE configs (see config_resolver.h).
#include "orchestrator/controller/engine/config_resolver.h"

#include "orchestrator/core/model/json_fields.h"
#include "orchestrator/core/util/base64.h"

namespace drove::controller {
namespace {

using nlohmann::json;

// One CONTROLLER_HTTP_FETCH entry as its INLINE replacement, or why it could not be fetched.
core::Result<json> Inlined(const json& config, const std::string& path,
                           const ConfigFetcher& fetch) {
  const std::string name = config.value("localFilename", "");
  auto http = core::CatchParse<core::HttpCallSpec>([&] {
    core::HttpCallSpec out;
    core::ReadJson(config.value("http", json()), path + ".http", &out);
    return out;
  });
  if (!http.ok()) return http.status();
  auto body = fetch(*http);
  if (!body.ok()) {
    return core::Status::Error(path + " (" + name +
                               "): controller config fetch failed: " + body.error());
  }
  return json{{"type", "INLINE"}, {"localFilename", name}, {"data", core::Base64Encode(*body)}};
}

}  // namespace

core::Result<json> InlineControllerFetches(const json& spec, const ConfigFetcher& fetch) {
  auto configs = spec.find("configs");
  if (configs == spec.end() || !configs->is_array()) return spec;
  json out = spec;
  for (size_t i = 0; i < configs->size(); ++i) {
    const json& config = (*configs)[i];
    if (!config.is_object() || config.value("type", "") != "CONTROLLER_HTTP_FETCH") continue;
    auto inlined = Inlined(config, "configs[" + std::to_string(i) + "]", fetch);
    if (!inlined.ok()) return inlined.status();
    out["configs"][i] = std::move(inlined).value();
  }
  return out;
}

}  // namespace drove::controller
