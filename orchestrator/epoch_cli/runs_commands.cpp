// `epoch runs ...`: list, get, kill and log of a topology's runs.
#include "orchestrator/epoch_cli/epoch_commands.h"
#include "orchestrator/epoch_cli/epoch_format.h"

namespace drove::epoch_cli {
namespace {

std::string TaskPathOf(const cli::ParsedArgs& args) {
  return TaskPath(args.Get("topo_id"), args.Get("run_id"), args.Get("task_name"));
}

int List(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << RunsTable(ctx.Client().Get(TopologyPath(args.Get("topo_id")) + "/runs"));
  return kExitOk;
}

int Get(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << PrintDict(ctx.Client().Get(RunPath(args.Get("topo_id"), args.Get("run_id"))));
  return kExitOk;
}

int Kill(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << PyPrint(ctx.Client().Post(TaskPathOf(args) + "/kill"));
  return kExitOk;
}

int Log(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << JsonDumps(ctx.Client().Get(TaskPathOf(args) + "/log"));
  return kExitOk;
}

}  // namespace

std::string RunPath(const std::string& topology_id, const std::string& run_id) {
  return TopologyPath(topology_id) + "/runs/" + cli::EncodeSegment(run_id);
}

std::string TaskPath(const std::string& topology_id, const std::string& run_id,
                     const std::string& task_name) {
  return RunPath(topology_id, run_id) + "/tasks/" + cli::EncodeSegment(task_name);
}

void AddRunsCommands(cli::Command& root, EpochContext* ctx) {
  auto& group = root.AddSubcommand("runs", "Epoch Runs related commands",
                                   "Available commands for run management");
  group.AddSubcommand("list", "Show all the runs on given topology")
      .Positional("topo-id", "Topology ID")
      .Handler(Bind(ctx, List));
  group.AddSubcommand("get", "Get the run for the given topology and run Id")
      .Positional("topo-id", "Topology ID")
      .Positional("run-id", "Run ID")
      .Handler(Bind(ctx, Get));
  struct TaskCommand {
    const char* name;
    const char* help;
    EpochHandler handler;
  };
  const TaskCommand on_task[] = {{"kill", "Kill task", Kill},
                                 {"log", "Get the log for the task", Log}};
  for (const auto& command : on_task) {
    group.AddSubcommand(command.name, command.help)
        .Positional("topo-id", "Topology ID")
        .Positional("run-id", "Run ID")
        .Positional("task-name", "Task Name")
        .Handler(Bind(ctx, command.handler));
  }
}

}  // namespace drove::epoch_cli
