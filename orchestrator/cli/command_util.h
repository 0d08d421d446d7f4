// Helpers shared by the command groups: op specs, resource columns, spec files, JSON/table output.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/cli_context.h"
#include "orchestrator/cli/table.h"

namespace drove::cli {

// A local failure (bad spec file, unwritable output): its message is printed as is on stderr.
class CliFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --parallelism/-p and --timeout/-t as drove-cli's operation commands have them.
void AddOpSpecOptions(Command& command);
// {"timeout": -t, "parallelism": -p, "failureStrategy": "STOP"}
Json OpSpecFrom(const ParsedArgs& args);
// The fixed "5m" / 1 / STOP that create and destroy send.
Json DefaultOpSpec();

// --sort/-s (choices 0..columns-1) and --reverse/-r.
void AddSortOptions(Command& command, int columns, int default_column);
void SortByArgs(const ParsedArgs& args, std::vector<Row>* rows);

// CPU column: number of NUMA nodes in the first CPU allocation (-1 when there is none).
int CpuNodeCount(const Json& item);
// Memory column: sum of memoryInMB over the first MEMORY allocation (-1 when there is none).
int64_t MemorySum(const Json& item);
// Appends the CPU / memory cells drove-cli appends (nothing for a missing allocation).
void AppendResourceCells(const Json& item, bool memory_with_commas, Row* row);
// droveutils.populate_resources: "CPU" and "Memory (MB)" lines per NUMA node.
void PopulateResources(const Json& raw, Json* out);

// Reads and parses a JSON spec file; throws CliFailure("<what> Error: <reason>").
Json ReadJsonFile(const std::string& path, const std::string& what);

// The handler that runs command for kind: one command body serving several groups that differ
// only in what kind describes (paths, id names, wording). kind is kept by reference, so it must
// outlive the tree (the kinds are function-local statics).
template <typename Kind>
CommandHandler ForKind(const Kind& kind,
                       int (*command)(const Kind&, const ParsedArgs&, CliContext&)) {
  return [&kind, command](const ParsedArgs& args, CliContext& ctx) {
    return command(kind, args, ctx);
  };
}

// Prints data as JSON when --json was given, else calls render.
template <typename Render>
int PrintOr(CliContext& ctx, const Json& data, Render render) {
  if (ctx.json) {
    ctx.Out() << RenderJson(data) << "\n";
  } else {
    render();
  }
  return kExitOk;
}

// Date cell from an epoch-ms field (empty when absent).
Cell DateCell(const Json& item, const std::string& key);
std::string JsonString(const Json& item, const std::string& key);
// item[key] when it is an object / array, else a shared empty one. A reference, so it is safe in
// range-for over .items() (a temporary from Json::value would dangle there).
const Json& ObjectAt(const Json& item, const std::string& key);
const Json& ArrayAt(const Json& item, const std::string& key);

// One function per command group; each adds its subtree under root.
void AddConfigCommands(Command& root);
void AddClusterCommands(Command& root);
void AddExecutorCommands(Command& root);
void AddAppsCommands(Command& root);
void AddAppInstancesCommands(Command& root);
void AddTasksCommands(Command& root);
void AddLocalServicesCommands(Command& root);
void AddLsInstancesCommands(Command& root);
void AddDescribeCommands(Command& root);

}  // namespace drove::cli
