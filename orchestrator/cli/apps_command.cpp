// `drove apps ...`: list, summary, spec, create, destroy, deploy, scale, suspend, restart, cancelop.
#include <set>

#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/wait.h"

namespace drove::cli {
namespace {

constexpr char kOperations[] = "/apis/v1/applications/operations";

std::string AppPath(const ParsedArgs& args) {
  return "/apis/v1/applications/" + EncodeSegment(args.Get("app_id"));
}

Json Operation(const std::string& type, const ParsedArgs& args) {
  Json op;
  op["type"] = type;
  op["appId"] = args.Get("app_id");
  return op;
}

// Waits until the HEALTHY count equals target, printing each count change.
int WaitHealthyCount(CliContext& ctx, const ParsedArgs& args, int target) {
  int last = -1;
  return WaitForInstances(ctx, args.Get("app_id"), WaitOptionsFrom(args),
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
  Json data = ctx.Client().Get("/apis/v1/applications");
  return PrintOr(ctx, data, [&] {
    std::vector<Row> rows;
    for (const auto& [app_id, app] : data.items()) {
      rows.push_back({app_id, JsonString(app, "name"), JsonString(app, "state"),
                      Cell::FromJson(app.value("totalCPUs", Json())),
                      Cell::FromJson(app.value("totalMemory", Json())),
                      Cell::FromJson(app.value("requiredInstances", Json())),
                      Cell::FromJson(app.value("healthyInstances", Json())),
                      DateCell(app, "created"), DateCell(app, "updated")});
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable({"Id", "Name", "State", "Total CPU", "Total Memory(MB)",
                              "Required Instances", "Healthy Instances", "Created", "Updated"},
                             rows);
  });
}

int Summary(const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(AppPath(args));
  return PrintOr(ctx, data, [&] { ctx.Out() << RenderDict(data); });
}

int Spec(const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().Get(AppPath(args) + "/spec");
  ctx.Out() << RenderJson(data) << "\n";
  return kExitOk;
}

int Create(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "CREATE";
  op["spec"] = ReadJsonFile(args.Get("spec_file"), "Error creating application.");
  op["opSpec"] = DefaultOpSpec();
  Json data = ctx.Client().Post(kOperations, op);
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Application created with app id: " << JsonString(data, "appId") << "\n";
  });
}

int Destroy(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation("DESTROY", args);
  op["opSpec"] = DefaultOpSpec();
  Json data = ctx.Client().Post(kOperations, op);
  return PrintOr(ctx, data, [&] { ctx.Out() << "Application destroyed\n"; });
}

int Deploy(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation("START_INSTANCES", args);
  op["instances"] = args.GetInt("instances");
  op["opSpec"] = OpSpecFrom(args);
  bool wait = args.Flag("wait");
  int existing = wait ? static_cast<int>(ctx.Client().AppInstanceIds(args.Get("app_id"), true).size())
                      : 0;
  Json data = ctx.Client().Post(kOperations, op);
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
  Json op = Operation("SCALE", args);
  op["requiredInstances"] = args.GetInt("instances");
  op["opSpec"] = OpSpecFrom(args);
  Json data = ctx.Client().Post(kOperations, op);
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
  Json op = Operation("SUSPEND", args);
  op["opSpec"] = OpSpecFrom(args);
  Json data = ctx.Client().Post(kOperations, op);
  if (!args.Flag("wait")) {
    return PrintOr(ctx, data, [&] { ctx.Out() << "Application suspend command accepted.\n"; });
  }
  ctx.Out() << "Waiting till all instances shut down\n";
  int rc = WaitHealthyCount(ctx, args, 0);
  if (rc == kExitOk) ctx.Out() << "All instances suspended\n";
  return rc;
}

int Restart(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation("REPLACE_INSTANCES", args);
  op["opSpec"] = OpSpecFrom(args);
  bool wait = args.Flag("wait");
  std::set<std::string> existing;
  if (wait) existing = ctx.Client().AppInstanceIds(args.Get("app_id"), true);
  Json data = ctx.Client().Post(kOperations, op);
  if (!wait) {
    return PrintOr(ctx, data, [&] { ctx.Out() << "Application restart command accepted.\n"; });
  }
  std::vector<std::string> ids(existing.begin(), existing.end());
  int last = -1;
  int rc = WaitForInstances(ctx, args.Get("app_id"), WaitOptionsFrom(args),
                            [&](const Json& instances) {
                              int overlap = CountListed(instances, ids, true);
                              if (overlap != last) {
                                ctx.Out() << "Remaining old instance count: " << overlap << "\n";
                                last = overlap;
                              }
                              return overlap == 0;
                            });
  if (rc == kExitOk) ctx.Out() << "All instances replaced\n";
  return rc;
}

int CancelOp(const ParsedArgs& args, CliContext& ctx) {
  Json data = ctx.Client().PostNoBody("/apis/v1/applications/operations/" +
                                      EncodeSegment(args.Get("app_id")) + "/cancel");
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Operation cancellation request registered :" << JsonString(data, "message")
              << "\n";
  });
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
      .Handler(Summary);
  group.AddSubcommand("spec", "Print the raw json spec for an application")
      .Positional("app-id", "Application ID")
      .Handler(Spec);
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
      .Handler(CancelOp);
}

}  // namespace drove::cli
