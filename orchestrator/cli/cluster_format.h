// Event line formatting for `drove cluster events` (a subset of Python's str.format).
#pragma once

#include <string>

#include "orchestrator/cli/table.h"

namespace drove::cli {

inline constexpr char kDefaultEventFormat[] = "{type: <25} | {id: <36} | {time: <20} | {metadata}";

// Python json.dumps(value): ", " and ": " separators, non-ASCII escaped.
std::string PyJsonDumps(const Json& value);
// Formats fields with "{name}", "{name:<N}", "{name: <N}", "{name:>N}", "{name:^N}"; "{{" and "}}"
// are literal braces. Unknown names render empty.
std::string PyFormat(const std::string& format, const Json& fields);
// drove-cli's convert_event: type, id, time (as a date), metadata (as JSON) into the format.
std::string FormatEvent(const std::string& format, const Json& event);

}  // namespace drove::cli
