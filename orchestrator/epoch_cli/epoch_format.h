// epoch-cli's output: its tables (tabulate), print_dict layout, json.dumps(indent=4) and dates.
#pragma once

#include <string>

#include "orchestrator/cli/table.h"

namespace drove::epoch_cli {

using Json = cli::Json;

// A table cell as tabulate sees a value: null is an empty cell, numbers and strings that read as
// integers ("42") right-align, and text is stripped of surrounding blanks.
cli::Cell TabulateCell(const Json& value);

// `topology list`: Id Cron State CPU Memory Created Updated; CPU and Memory come in the order of
// task.resources (count / sizeInMB), dates as dd/mm/YYYY, HH:MM:SS local time.
std::string TopologyTable(const Json& topologies);
// `topology get`: print_dict of Id, Topology, State, Created, Updated.
std::string TopologyDetails(const Json& details);
// `runs list`: TopologyId RunId State runType Created Updated (raw epoch ms).
std::string RunsTable(const Json& runs);
// epoch-cli's print_dict (no blank line after the objects of a list, unlike drove-cli's).
std::string PrintDict(const Json& data);
// json.dumps(data, indent=4) plus print's newline; non-ASCII escaped as Python does.
std::string JsonDumps(const Json& data);
// print(data): Python's str() of the value plus a newline ("{'success': True, ...}").
std::string PyPrint(const Json& data);

}  // namespace drove::epoch_cli
