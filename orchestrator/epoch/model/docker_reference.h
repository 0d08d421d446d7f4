// Docker image reference check of Epoch's UI form (`docker`), by hand rather than std::regex (whose
// recursion a 2,048-character hostile input could overflow).
#pragma once

#include <string_view>

namespace drove::epoch {

// Optional `host[:port]/`, then lowercase path components [a-z0-9._-] separated by '/', none
// starting or ending with '.', '_' or '-', then an optional `:tag` of 1-128 [a-zA-Z0-9_.-] not
// starting with '.' or '-'.
bool IsDockerReference(std::string_view text);

}  // namespace drove::epoch
