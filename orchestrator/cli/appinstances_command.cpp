// `drove appinstances ...`: list, info, logs, tail, download, replace, kill.
#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/log_tail.h"
#include "orchestrator/cli/wait.h"

namespace drove::cli {
namespace {

std::string InstancesPath(const ParsedArgs& args) {
  return "/apis/v1/applications/" + EncodeSegment(args.Get("app_id")) + "/instances";
}

int List(const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(InstancesPath(args) + (args.Flag("old") ? "/old" : ""));
  return PrintOr(ctx, data, [&] {
    std::vector<Row> rows;
    for (const auto& instance : data) {
      Json local_info = ObjectAt(instance, "localInfo");
      rows.push_back({JsonString(instance, "instanceId"), JsonString(local_info, "hostname"),
                      JsonString(instance, "state"), JsonString(instance, "errorMessage"),
                      DateCell(instance, "created"), DateCell(instance, "updated")});
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable(
        {"Instance ID", "Executor Host", "State", "Error Message", "Created", "Last Updated"},
        rows);
  });
}

std::string TrimNewlines(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  return text;
}

int Info(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get(InstancesPath(args) + "/" + EncodeSegment(args.Get("instance_id")));
  return PrintOr(ctx, raw, [&] {
    Json data;
    data["Instance ID"] = JsonString(raw, "instanceId");
    data["App ID"] = JsonString(raw, "appId");
    data["State"] = JsonString(raw, "state");
    Json local_info = ObjectAt(raw, "localInfo");
    data["Host"] = JsonString(local_info, "hostname");
    PopulateResources(raw, &data);
    std::string ports;
    for (const auto& [name, port] : ObjectAt(local_info, "ports").items()) {
      ports += (ports.empty() ? "" : ", ") + name + ": " + JsonString(port, "containerPort") +
               "->" + JsonString(port, "hostPort") + " (" + JsonString(port, "portType") + ")";
    }
    data["Ports"] = ports;
    std::string metadata;
    for (const auto& [key, value] : ObjectAt(raw, "metadata").items()) {
      metadata += (metadata.empty() ? "" : ", ") + key + ": " + PyStr(value);
    }
    data["Metadata"] = metadata;
    data["Error Message"] = TrimNewlines(JsonString(raw, "errorMessage"));
    data["Created"] = DateCell(raw, "created").text;
    data["Last Updated"] = DateCell(raw, "updated").text;
    ctx.Out() << RenderDict(data);
  });
}

// Waits until none of the given instance ids is listed among the app's instances.
int WaitGone(const ParsedArgs& args, CliContext& ctx) {
  const auto& ids = args.GetList("instance_id");
  int last = -1;
  return WaitForInstances(ctx, args.Get("app_id"), WaitOptionsFrom(args),
                          [&](const Json& instances) {
                            int overlap = CountListed(instances, ids, false);
                            if (overlap != last) {
                              ctx.Out() << "Remaining old instance count: " << overlap << "\n";
                              last = overlap;
                            }
                            return overlap == 0;
                          });
}

int Replace(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "REPLACE_INSTANCES";
  op["appId"] = args.Get("app_id");
  op["instanceIds"] = args.GetList("instance_id");
  op["opSpec"] = OpSpecFrom(args);
  Json data = ctx.Client().Post("/apis/v1/applications/operations", op);
  if (!args.Flag("wait")) {
    return PrintOr(ctx, data, [&] { ctx.Out() << "Instance(s) replace command accepted.\n"; });
  }
  int rc = WaitGone(args, ctx);
  if (rc == kExitOk) ctx.Out() << "All instances replaced\n";
  return rc;
}

int Kill(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "STOP_INSTANCES";
  op["appId"] = args.Get("app_id");
  op["instanceIds"] = args.GetList("instance_id");
  op["skipRespawn"] = true;
  op["opSpec"] = OpSpecFrom(args);
  Json data = ctx.Client().Post("/apis/v1/applications/operations", op);
  if (!args.Flag("wait")) {
    return PrintOr(ctx, data, [&] { ctx.Out() << "Instance(s) kill command accepted.\n"; });
  }
  int rc = WaitGone(args, ctx);
  if (rc == kExitOk) ctx.Out() << "All instances killed\n";
  return rc;
}

Command& WithIds(Command& command) {
  return command.Positional("app-id", "Application ID")
      .Positional("instance-id", "Application Instance ID");
}

}  // namespace

void AddAppInstancesCommands(Command& root) {
  Command& group = root.AddSubcommand("appinstances", "Drove application instance related commands",
                                      "Available commands for application management");
  Command& list = group.AddSubcommand("list", "List all application instances");
  list.Positional("app-id", "Application ID").Flag("--old", "-o", "Show old instances");
  AddSortOptions(list, 6, 0);
  list.Handler(List);
  WithIds(group.AddSubcommand("info", "Print details for an application instance")).Handler(Info);
  WithIds(group.AddSubcommand("logs", "Print list of logs for application instance"))
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return ListLogs(ctx, "applications", args.Get("app_id"), args.Get("instance_id"));
      });
  WithIds(group.AddSubcommand("tail", "Tail log for application instance"))
      .Option("--log", "-l", "Log filename to tail. Default is to tail output.log", "output.log")
      .IntOption("--skip-chars", "-S", "Skip these many characters at the start of every line", 0)
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return TailLog(ctx, "applications", args.Get("app_id"), args.Get("instance_id"),
                       args.Get("log"), args.GetInt("skip_chars"));
      });
  WithIds(group.AddSubcommand("download", "Download log for application instance"))
      .Positional("applogfile", "Log filename to download")
      .Option("--out", "-o", "Filename to download to. Default is the same filename as provided.")
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return DownloadLog(ctx, "applications", args.Get("app_id"), args.Get("instance_id"),
                           args.Get("applogfile"), args.Get("out"));
      });
  Command& replace =
      group.AddSubcommand("replace", "Replace specific app instances with fresh instances");
  replace.Positional("app-id", "Application ID")
      .Positionals("instance-id", "Application Instance IDs");
  AddOpSpecOptions(replace);
  AddWaitOptions(replace, "Wait to ensure all instances are replaced");
  replace.Handler(Replace);
  Command& kill = group.AddSubcommand("kill", "Kill specific app instances");
  kill.Positional("app-id", "Application ID").Positionals("instance-id", "Application Instance IDs");
  AddOpSpecOptions(kill);
  AddWaitOptions(kill, "Wait to ensure all instances are killed");
  kill.Handler(Kill);
}

}  // namespace drove::cli
