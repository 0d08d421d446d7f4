// `drove appinstances ...` and `drove lsinstances ...`: list, info, logs, tail, download, replace,
// kill. The two groups are one set of commands over a Workload plus the few ways drove-cli's
// two plugins differ.
#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/log_tail.h"
#include "orchestrator/cli/wait.h"
#include "orchestrator/cli/workload.h"

namespace drove::cli {
namespace {

struct InstanceGroup {
  const Workload& owner;
  const char* name;  // "appinstances"
  const char* help;
  const char* commands_help;
  const char* owner_help;     // "Application ID"
  const char* instance_help;  // "Application Instance ID"
  const char* noun;           // "application instance", in command helps
  const char* plural;         // "app instances", in replace/kill helps
  const char* id_label;       // "App ID"
  const char* log_file_dest;  // download's file positional: "applogfile"
  int sort_columns;           // drove-cli's lsinstances list cannot sort by its last column
  bool replace_can_stop;      // lsinstances replace --stop (stopFirst)
  bool kill_skips_respawn;    // appinstances kill sends skipRespawn
};

const InstanceGroup& AppInstances() {
  static const InstanceGroup kGroup{
      .owner = Applications(),
      .name = "appinstances",
      .help = "Drove application instance related commands",
      .commands_help = "Available commands for application management",
      .owner_help = "Application ID",
      .instance_help = "Application Instance ID",
      .noun = "application instance",
      .plural = "app instances",
      .id_label = "App ID",
      .log_file_dest = "applogfile",
      .sort_columns = 7,
      .replace_can_stop = false,
      .kill_skips_respawn = true};
  return kGroup;
}

const InstanceGroup& LsInstances() {
  static const InstanceGroup kGroup{
      .owner = LocalServices(),
      .name = "lsinstances",
      .help = "Drove local service instance related commands",
      .commands_help = "Available commands for local service management",
      .owner_help = "Local Service ID",
      .instance_help = "Local Service Instance ID",
      .noun = "local service instance",
      .plural = "local service instances",
      .id_label = "Service ID",
      .log_file_dest = "servicelogfile",
      .sort_columns = 6,
      .replace_can_stop = true,
      .kill_skips_respawn = false};
  return kGroup;
}

std::string OwnerId(const InstanceGroup& group, const ParsedArgs& args) {
  return args.Get(group.owner.id_dest);
}

std::string PortsCell(const Json& local_info) {
  std::string text;
  for (const auto& [name, port] : ObjectAt(local_info, "ports").items()) {
    if (!port.contains("hostPort")) continue;
    text += (text.empty() ? "" : ",") + name + ":" + JsonString(port, "hostPort");
  }
  return text;
}

int List(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(InstancesPath(group.owner, args) + (args.Flag("old") ? "/old" : ""));
  return PrintOr(ctx, data, [&] {
    std::vector<Row> rows;
    for (const auto& instance : data) {
      const Json& local_info = ObjectAt(instance, "localInfo");
      rows.push_back({JsonString(instance, "instanceId"), JsonString(local_info, "hostname"),
                      PortsCell(local_info), JsonString(instance, "state"),
                      JsonString(instance, "errorMessage"), DateCell(instance, "created"),
                      DateCell(instance, "updated")});
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable({"Instance ID", "Executor Host", "Ports", "State", "Error Message",
                              "Created", "Last Updated"},
                             rows);
  });
}

std::string TrimNewlines(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  return text;
}

int Info(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get(InstancesPath(group.owner, args) + "/" +
                              EncodeSegment(args.Get("instance_id")));
  return PrintOr(ctx, raw, [&] {
    Json data;
    data["Instance ID"] = JsonString(raw, "instanceId");
    data[group.id_label] = JsonString(raw, group.owner.id_key);
    data["State"] = JsonString(raw, "state");
    const Json& local_info = ObjectAt(raw, "localInfo");
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

// Posts op and, with --wait, waits until none of the given instances is listed any more. drove-cli
// polls the applications path for both groups; for a local service that lists nothing, so its
// wait ends at once (api doc section 6), and the request sequence stays drove-cli's.
int PostAndWait(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx, const Json& op,
                const std::string& accepted) {
  Json data = PostOperation(group.owner, ctx, op);
  if (!args.Flag("wait")) return PrintOr(ctx, data, [&] { ctx.Out() << accepted << "\n"; });
  std::string path = Applications().api + "/" + EncodeSegment(OwnerId(group, args)) + "/instances";
  int rc = WaitUntilNoneListed(ctx, path, WaitSubject(group.owner, args), WaitOptionsFrom(args),
                               args.GetList("instance_id"), false);
  // drove-cli says "replaced" after a kill too.
  if (rc == kExitOk) ctx.Out() << "All instances replaced\n";
  return rc;
}

Json InstancesOperation(const InstanceGroup& group, const std::string& type,
                        const ParsedArgs& args) {
  Json op = Operation(group.owner, type, args);
  op["instanceIds"] = args.GetList("instance_id");
  return op;
}

int Replace(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  Json op = InstancesOperation(group, "REPLACE_INSTANCES", args);
  if (group.replace_can_stop) op["stopFirst"] = args.Flag("stop");
  op["opSpec"] = OpSpecFrom(args);
  return PostAndWait(group, args, ctx, op, "Instance(s) replace command accepted.");
}

int Kill(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  Json op = InstancesOperation(group, "STOP_INSTANCES", args);
  if (group.kill_skips_respawn) op["skipRespawn"] = true;
  op["opSpec"] = OpSpecFrom(args);
  return PostAndWait(group, args, ctx, op, "Instance(s) kill command accepted.");
}

int Logs(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  return ListLogs(ctx, group.owner.log_prefix, OwnerId(group, args), args.Get("instance_id"));
}

int Tail(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  return TailLog(ctx, group.owner.log_prefix, OwnerId(group, args), args.Get("instance_id"),
                 args.Get("log"), args.GetInt("skip_chars"));
}

int Download(const InstanceGroup& group, const ParsedArgs& args, CliContext& ctx) {
  return DownloadLog(ctx, group.owner.log_prefix, OwnerId(group, args), args.Get("instance_id"),
                     args.Get(DestFromName(group.log_file_dest)), args.Get("out"));
}

// A command under the group taking the owner id and one instance id.
Command& WithIds(const InstanceGroup& group, Command& parent, const std::string& name,
                 const std::string& help) {
  return parent.AddSubcommand(name, help)
      .Positional(group.owner.id_metavar, group.owner_help)
      .Positional("instance-id", group.instance_help);
}

// replace and kill: the owner id and one or more instance ids.
Command& WithManyIds(const InstanceGroup& group, Command& parent, const std::string& name,
                     const std::string& help) {
  Command& command = parent.AddSubcommand(name, help);
  command.Positional(group.owner.id_metavar, group.owner_help)
      .Positionals("instance-id", std::string(group.instance_help) + "s");
  return command;
}

void AddInstanceCommands(Command& root, const InstanceGroup& group) {
  const std::string noun = group.noun;
  Command& parent = root.AddSubcommand(group.name, group.help, group.commands_help);
  Command& list = parent.AddSubcommand("list", "List all " + noun + "s");
  list.Positional(group.owner.id_metavar, group.owner_help)
      .Flag("--old", "-o", "Show old instances");
  AddSortOptions(list, group.sort_columns, 0);
  list.Handler(ForKind(group, List));
  WithIds(group, parent, "info", "Print details for an " + noun).Handler(ForKind(group, Info));
  WithIds(group, parent, "logs", "Print list of logs for " + noun).Handler(ForKind(group, Logs));
  WithIds(group, parent, "tail", "Tail log for " + noun)
      .Option("--log", "-l", "Log filename to tail. Default is to tail output.log", "output.log")
      .IntOption("--skip-chars", "-S", "Skip these many characters at the start of every line", 0)
      .Alias("--skipChars")
      .Handler(ForKind(group, Tail));
  WithIds(group, parent, "download", "Download log for " + noun)
      .Positional(group.log_file_dest, "Log filename to download")
      .Option("--out", "-o", "Filename to download to. Default is the same filename as provided.")
      .Handler(ForKind(group, Download));
  Command& replace =
      WithManyIds(group, parent, "replace",
                  "Replace specific " + std::string(group.plural) + " with fresh instances");
  if (group.replace_can_stop) {
    replace.Flag("--stop", "-s", "Stop the instance before spinning up a new one");
  }
  AddOpSpecOptions(replace);
  AddWaitOptions(replace, "Wait to ensure all instances are replaced");
  replace.Handler(ForKind(group, Replace));
  Command& kill = WithManyIds(group, parent, "kill", "Kill specific " + std::string(group.plural));
  AddOpSpecOptions(kill);
  AddWaitOptions(kill, "Wait to ensure all instances are killed");
  kill.Handler(ForKind(group, Kill));
}

}  // namespace

void AddAppInstancesCommands(Command& root) { AddInstanceCommands(root, AppInstances()); }

void AddLsInstancesCommands(Command& root) { AddInstanceCommands(root, LsInstances()); }

}  // namespace drove::cli
