// CONTROLLER_HTTP_FETCH configs become INLINE before a start leaves the controller.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/configs.h"
#include "orchestrator/core/util/status.h"

namespace drove::controller {

// One blocking fetch (core::FetchHttpConfig in production, a fake in tests).
using ConfigFetcher = std::function<core::Result<std::string>(const core::HttpCallSpec&)>;

// The stored spec (ApplicationSpec or TaskSpec JSON) with each CONTROLLER_HTTP_FETCH entry of
// `configs` fetched now and replaced by an INLINE one carrying the body as base64 `data`, as Drove
// sends it. Other entries pass unchanged. The first failed fetch is the error, naming the entry
// (`configs[i]`, its localFilename) and why. Blocking: call it outside the model lock.
core::Result<nlohmann::json> InlineControllerFetches(const nlohmann::json& spec,
                                                     const ConfigFetcher& fetch);

}  // namespace drove::controller
