// `drove tasks ...`: create, kill, list, show, logs, tail, download.
#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/log_tail.h"

namespace drove::cli {
namespace {

std::string TrimNewlines(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  return text;
}

int Create(const ParsedArgs& args, CliContext& ctx) {
  Json spec = ReadJsonFile(args.Get("spec_file"), "Error creating task.");
  Json op;
  op["type"] = "CREATE";
  op["spec"] = spec;
  op["opSpec"] = DefaultOpSpec();
  Json data = ctx.Client().Post("/apis/v1/tasks/operations", op);
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Task created. Source App Name: " << JsonString(spec, "sourceAppName")
              << " Task ID: " << JsonString(spec, "taskId")
              << ". Drove assigned task ID: " << JsonString(data, "taskId") << "\n";
  });
}

int Kill(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "KILL";
  op["sourceAppName"] = args.Get("source_app_name");
  op["taskId"] = args.Get("task_id");
  op["opSpec"] = DefaultOpSpec();
  Json data = ctx.Client().Post("/apis/v1/tasks/operations", op);
  return PrintOr(ctx, data, [&] { ctx.Out() << "Task kill issued\n"; });
}

int List(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/tasks");
  Json tasks = Json::array();
  for (const auto& task : raw) {
    if (!args.Has("app") || JsonString(task, "sourceAppName") == args.Get("app")) {
      tasks.push_back(task);
    }
  }
  return PrintOr(ctx, tasks, [&] {
    std::vector<Row> rows;
    for (const auto& task : tasks) {
      Row row{JsonString(task, "instanceId"), JsonString(task, "sourceAppName"),
              JsonString(task, "taskId"), JsonString(task, "state"), JsonString(task, "hostname")};
      AppendResourceCells(task, false, &row);
      row.push_back(DateCell(task, "created"));
      row.push_back(DateCell(task, "updated"));
      rows.push_back(row);
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable({"Id", "Source App", "Task ID", "State", "Host", "CPU", "Memory(MB)",
                              "Created", "Updated"},
                             rows);
  });
}

int Show(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/tasks/" + EncodeSegment(args.Get("source_app")) +
                              "/instances/" + EncodeSegment(args.Get("task_id")));
  return PrintOr(ctx, raw, [&] {
    Json data;
    data["Source App"] = JsonString(raw, "sourceAppName");
    data["Task ID"] = JsonString(raw, "taskId");
    data["Instance ID"] = JsonString(raw, "instanceId");
    data["State"] = JsonString(raw, "state");
    data["Executor Host"] = JsonString(raw, "hostname");
    PopulateResources(raw, &data);
    Json executable = ObjectAt(raw, "executable");
    data["Executable"] = JsonString(executable, "url") + " (" + JsonString(executable, "type") + ")";
    std::string volumes;
    for (const auto& volume : ArrayAt(raw, "volumes")) {
      volumes += (volumes.empty() ? "" : ", ") + JsonString(volume, "pathOnHost") +
                 " (Mounted as " + JsonString(volume, "pathInContainer") + " in " +
                 JsonString(volume, "mode") + " mode)";
    }
    data["Volumes"] = volumes;
    data["Logging Mode"] = JsonString(raw.value("loggingSpec", ObjectAt(raw, "logging")),
                                      "type");
    std::string metadata;
    for (const auto& [key, value] : ObjectAt(raw, "metadata").items()) {
      metadata += (metadata.empty() ? "" : ", ") + key + ": " + PyStr(value);
    }
    data["Metadata"] = metadata;
    Json result = ObjectAt(raw, "taskResult");
    data["Result"] = result.empty() ? ""
                                    : JsonString(result, "status") + " (Task exit code: " +
                                          JsonString(result, "exitCode") + ")";
    data["Error Message"] = TrimNewlines(JsonString(raw, "errorMessage"));
    data["Created"] = DateCell(raw, "created").text;
    data["Last Updated"] = DateCell(raw, "updated").text;
    ctx.Out() << RenderDict(data);
  });
}

Command& WithTask(Command& command) {
  return command.Positional("source-app", "Name of the Drove application that started the task")
      .Positional("task-id", "Task ID");
}

}  // namespace

void AddTasksCommands(Command& root) {
  Command& group = root.AddSubcommand("tasks", "Drove task related commands",
                                      "Available commands for task management");
  group.AddSubcommand("create", "Spawn a new task on cluster")
      .Positional("spec-file", "JSON spec file for the task")
      .Handler(Create);
  group.AddSubcommand("kill", "Kill a running task")
      .Positional("source-app-name", "Source app name as specified in spec")
      .Positional("task-id", "ID of the task as specified in the spec")
      .Handler(Kill);
  Command& list = group.AddSubcommand("list", "List all active tasks");
  list.Option("--app", "-a", "Show tasks only for the given source app");
  AddSortOptions(list, 9, 0);
  list.Handler(List);
  WithTask(group.AddSubcommand("show", "Shows details about a task")).Handler(Show);
  WithTask(group.AddSubcommand("logs", "Print list of logs for task"))
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return ListLogs(ctx, "tasks", args.Get("source_app"), args.Get("task_id"));
      });
  WithTask(group.AddSubcommand("tail", "Tail log for task"))
      .Option("--file", "-f", "Log filename to tail. Default is to tail output.log", "output.log")
      .IntOption("--skip-chars", "-S", "Skip these many characters at the start of every line", 0)
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return TailLog(ctx, "tasks", args.Get("source_app"), args.Get("task_id"),
                       args.Get("file"), args.GetInt("skip_chars"));
      });
  WithTask(group.AddSubcommand("download", "Download log for task"))
      .Positional("tasklogfile", "Log filename to download")
      .Option("--out", "-o", "Filename to download to. Default is the same filename as provided.")
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return DownloadLog(ctx, "tasks", args.Get("source_app"), args.Get("task_id"),
                           args.Get("tasklogfile"), args.Get("out"));
      });
}

}  // namespace drove::cli
