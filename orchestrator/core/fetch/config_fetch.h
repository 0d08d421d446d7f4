// Fetches a config file's bytes as an HTTPCallSpec describes (CONTROLLER_/EXECUTOR_HTTP_FETCH).
#pragma once

#include <string>

#include "orchestrator/core/model/configs.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

// One blocking call: the body when the answer's code is one of `successCodes` (default 200),
// else an error naming the host and the code. `username`/`password` become Basic auth unless
// `authHeader` is set; `insecure` skips TLS verification. The call is bounded by connection
// plus operation timeout (the client has one total deadline). Never call it under a lock.
Result<std::string> FetchHttpConfig(const HttpCallSpec& http);

}  // namespace drove::core
