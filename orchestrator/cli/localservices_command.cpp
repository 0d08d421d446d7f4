// `drove localservices ...`: list, summary, spec, create, destroy, activate, conftest, deactivate,
// update, restart, cancelop.
#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/wait.h"
#include "orchestrator/cli/workload.h"

namespace drove::cli {
namespace {

int List(const ParsedArgs& args, CliContext& ctx) {
  using Kind = SummaryColumn::Kind;
  static const std::vector<SummaryColumn> kColumns = {
      {"Name", "name", Kind::kText},
      {"State", "state", Kind::kText},
      {"Activation State", "activationState", Kind::kText},
      {"Total CPU", "totalCPUs", Kind::kNumber},
      {"Total Memory(MB)", "totalMemory", Kind::kNumber},
      {"Instances Per Host", "instancesPerHost", Kind::kNumber},
      {"Healthy Instances", "healthyInstances", Kind::kNumber},
      {"Created", "created", Kind::kDate},
      {"Updated", "updated", Kind::kDate}};
  return ListSummaries(LocalServices(), kColumns, args, ctx);
}

int Create(const ParsedArgs& args, CliContext& ctx) {
  Json op;
  op["type"] = "CREATE";
  op["spec"] = ReadJsonFile(args.Get("spec_file"), "Error creating local services.");
  op["instancesPerHost"] = args.GetInt("instances");
  Json data = PostOperation(LocalServices(), ctx, op);
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Local service created with service id: " << JsonString(data, "serviceId") << "\n";
  });
}

// Posts an operation that carries only its type and the service id, then prints done.
CommandHandler Simple(const std::string& type, const std::string& done) {
  return [type, done](const ParsedArgs& args, CliContext& ctx) {
    Json data = PostOperation(LocalServices(), ctx, Operation(LocalServices(), type, args));
    return PrintOr(ctx, data, [&] { ctx.Out() << done << "\n"; });
  };
}

int Update(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(LocalServices(), "UPDATE_INSTANCE_COUNT", args);
  op["instancesPerHost"] = args.GetInt("count");
  Json data = PostOperation(LocalServices(), ctx, op);
  return PrintOr(ctx, data, [&] { ctx.Out() << "Local service instance count updated\n"; });
}

// drove-cli sends the op spec as `opSpec`, which the server's RESTART model ignores (it reads
// `clusterOpSpec`); sent as is so that the request stays the same.
int Restart(const ParsedArgs& args, CliContext& ctx) {
  Json op = Operation(LocalServices(), "RESTART", args);
  op["stopFirst"] = args.Flag("stop");
  op["opSpec"] = OpSpecFrom(args);
  return PostReplaceAll(LocalServices(), args, ctx, op, "Local service restart command accepted.");
}

Command& WithId(Command& command, const std::string& help = "Local service ID") {
  return command.Positional("service-id", help);
}

}  // namespace

void AddLocalServicesCommands(Command& root) {
  Command& group = root.AddSubcommand("localservices", "Drove local service related commands",
                                      "Available commands for local services management");
  Command& list = group.AddSubcommand("list", "List all local services");
  AddSortOptions(list, 9, 0);
  list.Handler(List);
  WithId(group.AddSubcommand("summary", "Show summary for a local service"), "local services ID")
      .Handler(ForKind(LocalServices(), ShowSummary));
  WithId(group.AddSubcommand("spec", "Print the raw json spec for an local services"),
         "local services ID")
      .Handler(ForKind(LocalServices(), ShowSpec));
  group.AddSubcommand("create", "Create a local service on cluster")
      .Positional("spec-file", "JSON spec file for the local service")
      .IntOption("--instances", "-i", "Number instances to run per executor", 1)
      .Handler(Create);
  WithId(group.AddSubcommand("destroy", "Destroy an inactive local service"))
      .Handler(Simple("DESTROY", "Local service destroyed"));
  WithId(group.AddSubcommand("activate", "Activate a local service"))
      .Handler(Simple("ACTIVATE", "Local service activated"));
  // drove-cli prints "activated" for conftest too.
  WithId(group.AddSubcommand(
             "conftest", "Spin up one instance of service on any machine to ensure it is running"))
      .Handler(Simple("DEPLOY_TEST_INSTANCE", "Local service activated"));
  WithId(group.AddSubcommand("deactivate", "Deactivate a local service"))
      .Handler(Simple("DEACTIVATE", "Local service deactivated"));
  WithId(group.AddSubcommand("update", "Update instances count per host for a local service"))
      .IntPositional("count", "Instance count per executor node", IntRange(1, 255))
      .Handler(Update);
  Command& restart = group.AddSubcommand("restart", "Restart a local service.");
  WithId(restart).Flag("--stop", "-s", "Stop current instance before spinning up new ones");
  AddOpSpecOptions(restart);
  AddWaitOptions(restart, "Wait to ensure all instances are replaced");
  restart.Handler(Restart);
  WithId(group.AddSubcommand("cancelop", "Cancel current operation"))
      .Handler(ForKind(LocalServices(), CancelOperation));
}

}  // namespace drove::cli
