// `epoch topology ...`: list, get, run, pause, unpause, delete, create and update of topologies.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "orchestrator/epoch_cli/epoch_commands.h"
#include "orchestrator/epoch_cli/epoch_format.h"
#include "orchestrator/epoch_cli/texts.h"

namespace drove::epoch_cli {
namespace {

constexpr char kTopologies[] = "/apis/v1/topologies";

// The spec file as JSON. Errors read as epoch-cli's ("[Errno 2] No such file or directory: 'f'"),
// prefixed by what was being done.
Json ReadSpec(const std::string& file, const std::string& doing) {
  std::ifstream in(file);
  if (!in) {
    const int error = errno;
    throw EpochCliFailure(texts::SpecUnreadable(doing, error, std::strerror(error), file));
  }
  std::stringstream text;
  text << in.rdbuf();
  Json spec = Json::parse(text.str(), nullptr, false);
  if (spec.is_discarded()) {
    throw EpochCliFailure(texts::SpecNotJson(doing, file));
  }
  return spec;
}

std::string SpecName(const Json& spec) {
  return spec.is_object() && spec.contains("name") ? cli::PyStr(spec["name"]) : "None";
}

int List(const cli::ParsedArgs&, EpochContext& ctx) {
  ctx.Out() << TopologyTable(ctx.Client().Get(kTopologies));
  return kExitOk;
}

int Get(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << TopologyDetails(ctx.Client().Get(TopologyPath(args.Get("topo_id"))));
  return kExitOk;
}

// run, pause and unpause: a PUT without a body whose data is printed as indented JSON.
EpochHandler PutAction(const std::string& action) {
  return [action](const cli::ParsedArgs& args, EpochContext& ctx) {
    ctx.Out() << JsonDumps(ctx.Client().Put(TopologyPath(args.Get("topo_id")) + "/" + action));
    return kExitOk;
  };
}

int Delete(const cli::ParsedArgs& args, EpochContext& ctx) {
  ctx.Out() << JsonDumps(ctx.Client().Delete(TopologyPath(args.Get("topo_id"))));
  return kExitOk;
}

int Create(const cli::ParsedArgs& args, EpochContext& ctx) {
  const Json spec = ReadSpec(args.Get("spec_file"), "creating");
  ctx.Client().Post(kTopologies, &spec);
  ctx.Out() << texts::kCreated << SpecName(spec) << "\n";
  return kExitOk;
}

int Update(const cli::ParsedArgs& args, EpochContext& ctx) {
  const Json spec = ReadSpec(args.Get("spec_file"), "updating");
  ctx.Client().Put(kTopologies, &spec);
  ctx.Out() << texts::kUpdated << SpecName(spec) << "\n";
  return kExitOk;
}

}  // namespace

std::string TopologyPath(const std::string& topology_id) {
  return std::string(kTopologies) + "/" + cli::EncodeSegment(topology_id);
}

void AddTopologyCommands(cli::Command& root, EpochContext* ctx) {
  auto& group = root.AddSubcommand("topology", "Epoch topology related commands",
                                   "Available commands for topology management");
  group.AddSubcommand("list", "Show all the topologies on the cluster").Handler(Bind(ctx, List));
  struct IdCommand {
    const char* name;
    const char* help;
    EpochHandler handler;
  };
  const IdCommand by_id[] = {
      {"run", "Run the given topology", PutAction("run")},
      {"get", "Get Topology on cluster", Get},
      {"pause", "Pause Topology on cluster", PutAction("pause")},
      {"unpause", "Unpause Topology on cluster", PutAction("unpause")},
      {"delete", "Delete Topology on cluster", Delete},
  };
  for (const auto& command : by_id) {
    group.AddSubcommand(command.name, command.help)
        .Positional("topo-id", "Topology ID")
        .Handler(Bind(ctx, command.handler));
  }
  group.AddSubcommand("create", "Create Topology on cluster")
      .Positional("spec-file", "JSON spec file for the application")
      .Handler(Bind(ctx, Create));
  group.AddSubcommand("update", "Update Topology on cluster")
      .Positional("spec-file", "JSON spec file for the application")
      .Handler(Bind(ctx, Update));
}

}  // namespace drove::epoch_cli
