// RFC 6901 JSON pointers: parse once into unescaped segments, then resolve without exceptions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::scheduler::hope {

// "" is the whole document; "/a~1b/~0c" is ["a/b", "~c"]. Fails on a missing leading '/' or a
// '~' not followed by 0 or 1.
core::Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer);

// The value at `segments`, or nullptr when any step is missing. Array steps take a decimal index
// without leading zeros ("0", "12"); "-" and anything else are missing.
const nlohmann::json* ResolveJsonPointer(const nlohmann::json& document,
                                         const std::vector<std::string>& segments);

}  // namespace drove::scheduler::hope
