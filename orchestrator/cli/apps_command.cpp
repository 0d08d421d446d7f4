// `drove apps ...`: list, summary, spec, create, destroy, deploy, scale, suspend, restart, cancelop.
#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/wait.h"
#include "orchestrator/cli/workload.h"

namespace drove::cli {
namespace {

// Waits until the HEALTHY count equals target, printing each count change.
int WaitHealthyCount(CliContext& ctx, const ParsedArgs& args, int target) {
  int last = -1;
  return WaitForInstances(ctx, InstancesPath(Applications(), args),
                          WaitSubject(Applications(), args), WaitOptionsFrom(args),
                          [&](const Json& instances) {
                            int healthy = HealthyCount(instances);
                            if (healthy != last) {
                              ctx.Out() << "Healthy instances count: " << healthy << "\n";
                              last = healthy;
                            }
                            return healthy == target;
                          });
}

int List(const ParsedArgs& args, CliContext& ctx) {
  using Kind = SummaryColumn::Kind;
  static const std::vector<SummaryColumn> kColumns = {
      {"Name", "name", Kind::kText},
      {"State", "state", Kind::kText},
      {"Total CPU", "totalCPUs", Kind::kNumber},
      {"Total Memory(MB)", "totalMemory", Kind::kNumber},
      {"Required Instances", "requiredInstances", Kind::kNumber},
      {"Healthy Instances", "healthyInstances", Kind::kNumber},
      {"Created", "created", Kind::kDate},
      {"Updated", "updated", Kind::kDate}};
  return ListSummaries(Applications(), kColumns, args, ctx);
}

int Create(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "CREATE";
  op["spec"] = ReadJsonFile(args.Get("spec_file"), "Error creating application.");
  op["opSpec"] = DefaultOpSpec();
  Json data = PostOperation(Applications(), ctx, op);
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Application created with app id: " << JsonString(data, "appId") << "\n";
  });
}

int Destroy(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(Applications(), "DESTROY", args);
  op["opSpec"] = DefaultOpSpec();
  Json data = PostOperation(Applications(), ctx, op);
  return PrintOr(ctx, data, [&] { ctx.Out() << "Application destroyed\n"; });
}

int Deploy(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(Applications(), "START_INSTANCES", args);
  op["instances"] = args.GetInt("instances");
  op["opSpec"] = OpSpecFrom(args);
  bool wait = args.Flag("wait");
  int existing =
      wait ? static_cast<int>(
                 ctx.Client().InstanceIds(InstancesPath(Applications(), args), true).size())
           : 0;
  Json data = PostOperation(Applications(), ctx, op);
  if (!wait) {
    return PrintOr(ctx, data, [&] {
      ctx.Out() << "Application deployment command accepted. Please use appinstances comand or "
                   "the UI to check status of deployment\n";
    });
  }
  ctx.Out() << "Waiting till required scale is reached\n";
  int rc = WaitHealthyCount(ctx, args, existing + args.GetInt("instances"));
  if (rc == kExitOk) ctx.Out() << "Required number of instances reached\n";
  return rc;
}

int Scale(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(Applications(), "SCALE", args);
  op["requiredInstances"] = args.GetInt("instances");
  op["opSpec"] = OpSpecFrom(args);
  Json data = PostOperation(Applications(), ctx, op);
  if (!args.Flag("wait")) {
    return PrintOr(ctx, data, [&] {
      ctx.Out() << "Application scaling command accepted. Please use appinstances comand or the "
                   "UI to check status of deployment\n";
    });
  }
  ctx.Out() << "Waiting till required scale is reached\n";
  int rc = WaitHealthyCount(ctx, args, args.GetInt("instances"));
  if (rc == kExitOk) ctx.Out() << "Required number of instances reached\n";
  return rc;
}

int Suspend(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(Applications(), "SUSPEND", args);
  op["opSpec"] = OpSpecFrom(args);
  Json data = PostOperation(Applications(), ctx, op);
  if (!args.Flag("wait")) {
    return PrintOr(ctx, data, [&] { ctx.Out() << "Application suspend command accepted.\n"; });
  }
  ctx.Out() << "Waiting till all instances shut down\n";
  int rc = WaitHealthyCount(ctx, args, 0);
  if (rc == kExitOk) ctx.Out() << "All instances suspended\n";
  return rc;
}

int Restart(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(Applications(), "REPLACE_INSTANCES", args);
  op["opSpec"] = OpSpecFrom(args);
  return PostReplaceAll(Applications(), args, ctx, op, "Application restart command accepted.");
}

}  // namespace

void AddAppsCommands(Command& root) {
  Command& group = root.AddSubcommand("apps", "Drove application related commands",
                                      "Available commands for application management");
  Command& list = group.AddSubcommand("list", "List all applications");
  AddSortOptions(list, 9, 0);
  list.Handler(List);
  group.AddSubcommand("summary", "Show a summary for an application")
      .Positional("app-id", "Application ID")
      .Handler(ForKind(Applications(), ShowSummary));
  group.AddSubcommand("spec", "Print the raw json spec for an application")
      .Positional("app-id", "Application ID")
      .Handler(ForKind(Applications(), ShowSpec));
  group.AddSubcommand("create", "Create application on cluster")
      .Positional("spec-file", "JSON spec file for the application")
      .Handler(Create);
  group.AddSubcommand("destroy", "Destroy an app with zero instances")
      .Positional("app-id", "Application ID")
      .Handler(Destroy);

  Command& deploy = group.AddSubcommand("deploy", "Deploy new app instances.");
  deploy.Positional("app-id", "Application ID")
      .IntPositional("instances", "Number of new instances to be created");
  AddOpSpecOptions(deploy);
  AddWaitOptions(deploy, "Wait to ensure instance count is reached");
  deploy.Handler(Deploy);

  Command& scale = group.AddSubcommand(
      "scale",
      "Scale app to required instances. Will increase or decrease instances on the cluster to "
      "match this number");
  scale.Positional("app-id", "Application ID")
      .IntPositional("instances", "Number of instances. Setting this to 0 will suspend the app");
  AddOpSpecOptions(scale);
  AddWaitOptions(scale, "Wait to ensure instance count is reached");
  scale.Handler(Scale);

  Command& suspend = group.AddSubcommand("suspend", "Suspend the app");
  suspend.Positional("app-id", "Application ID");
  AddOpSpecOptions(suspend);
  AddWaitOptions(suspend, "Wait to ensure all instances are suspended");
  suspend.Handler(Suspend);

  Command& restart = group.AddSubcommand("restart", "Restart am existing app instances.");
  restart.Positional("app-id", "Application ID");
  AddOpSpecOptions(restart);
  AddWaitOptions(restart, "Wait to ensure all instances are replaced");
  restart.Handler(Restart);

  group.AddSubcommand("cancelop", "Cancel current operation")
      .Positional("app-id", "Application ID")
      .Handler(ForKind(Applications(), CancelOperation));
}

}  // namespace drove::cli
