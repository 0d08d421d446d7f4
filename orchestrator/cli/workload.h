// Applications and local services: what their command groups differ in (API path, id argument,
// wording) and the commands that are the same for both once those are given.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/cli_context.h"

namespace drove::cli {

struct Workload {
  std::string api;         // "/apis/v1/applications"
  std::string id_metavar;  // "app-id": the positional naming one of them
  std::string id_dest;     // "app_id"
  std::string id_key;      // "appId": the id's field in operations and instances
  std::string noun;        // "app", in wait messages
  std::string log_prefix;  // "applications", under /apis/v1/logfiles
};

const Workload& Applications();
const Workload& LocalServices();

// <api>/<id>, and <api>/<id>/instances, for the id given on the command line.
std::string WorkloadPath(const Workload& workload, const ParsedArgs& args);
std::string InstancesPath(const Workload& workload, const ParsedArgs& args);
// "app APP-1": what a wait is for.
std::string WaitSubject(const Workload& workload, const ParsedArgs& args);

// {"type": type, <id_key>: <id>}: how every operation on one of them starts.
Json Operation(const Workload& workload, const std::string& type, const ParsedArgs& args);
// POST <api>/operations; returns the envelope's data.
Json PostOperation(const Workload& workload, CliContext& ctx, const Json& op);

// One column of a list: a field of the summaries and how it is shown.
struct SummaryColumn {
  enum class Kind { kText, kNumber, kDate };
  const char* header;
  const char* key;
  Kind kind;
};
// list: GET <api> (a map of id to summary) as a table, the id first, sorted by --sort.
int ListSummaries(const Workload& workload, const std::vector<SummaryColumn>& columns,
                  const ParsedArgs& args, CliContext& ctx);

// summary <id>: GET <api>/<id>, printed as a dict.
int ShowSummary(const Workload& workload, const ParsedArgs& args, CliContext& ctx);
// spec <id>: GET <api>/<id>/spec, printed as JSON.
int ShowSpec(const Workload& workload, const ParsedArgs& args, CliContext& ctx);
// cancelop <id>: POST <api>/operations/<id>/cancel without a body; prints the top-level message.
int CancelOperation(const Workload& workload, const ParsedArgs& args, CliContext& ctx);
// Posts op, an operation replacing every instance. With --wait, notes the HEALTHY instances
// first and then waits until none of them is HEALTHY; without it, prints accepted.
int PostReplaceAll(const Workload& workload, const ParsedArgs& args, CliContext& ctx,
                   const Json& op, const std::string& accepted);

}  // namespace drove::cli
