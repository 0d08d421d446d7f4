// `epoch cluster ...`: leader, pause-all, export and import (client-side loops over topologies).
#include <fstream>
#include <set>
#include <sstream>

#include "orchestrator/epoch_cli/epoch_commands.h"
#include "orchestrator/epoch_cli/epoch_connection.h"
#include "orchestrator/epoch_cli/epoch_format.h"
#include "orchestrator/epoch_cli/texts.h"

namespace drove::epoch_cli {
namespace {

constexpr char kTopologies[] = "/apis/v1/topologies";

std::string IdOf(const Json& details) {
  return details.is_object() && details.contains("id") ? cli::PyStr(details["id"]) : "None";
}

// epoch-cli prints the leader answer as an error (it has no envelope); we print it as data.
int Leader(const cli::ParsedArgs&, EpochContext& ctx) {
  ctx.Out() << PyPrint(ctx.Client().GetUnwrapped("/apis/housekeeping/v1/leader"));
  return kExitOk;
}

void Pause(EpochContext& ctx, const std::string& topology_id) {
  ctx.Client().Put(TopologyPath(topology_id) + "/pause");
}

// Pauses every topology; one that fails is reported and the others are still paused.
int PauseAll(const cli::ParsedArgs&, EpochContext& ctx) {
  int rc = kExitOk;
  for (const auto& details : ctx.Client().Get(kTopologies)) {
    try {
      Pause(ctx, IdOf(details));
      ctx.Out() << texts::kPaused << IdOf(details) << "\n";
    } catch (const EpochError& error) {
      *ctx.err << texts::PauseFailed(error.what()) << "\n";
      rc = kExitError;
    }
  }
  return rc;
}

int Export(const cli::ParsedArgs& args, EpochContext& ctx) {
  const Json topologies = ctx.Client().Get(kTopologies);
  const std::string file = args.Get("file_name") + ".json";
  std::ofstream out(file, std::ios::trunc);
  out << topologies.dump();
  if (!out) throw EpochCliFailure(texts::kErrorPrefix + texts::CannotWrite(file));
  return kExitOk;
}

Json LoadTopologies(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw EpochCliFailure(texts::kErrorPrefix + texts::ImportFileMissing(file));
  std::stringstream text;
  text << in.rdbuf();
  Json data = Json::parse(text.str(), nullptr, false);
  if (data.is_discarded() || !data.is_array()) {
    throw EpochCliFailure(texts::kErrorPrefix + texts::ImportFileNotJson(file));
  }
  return data;
}

// Creates (POST) or, with --overwrite, updates (PUT) one exported topology; --paused pauses it.
bool ImportOne(EpochContext& ctx, const Json& details, bool update, bool paused) {
  const std::string id = IdOf(details);
  const Json topology = details.is_object() ? details.value("topology", Json()) : Json();
  try {
    if (update) {
      ctx.Client().Put(kTopologies, &topology);
    } else {
      ctx.Client().Post(kTopologies, &topology);
    }
    ctx.Out() << (update ? texts::kUpdated : texts::kCreated) << id << "\n";
    if (paused) Pause(ctx, id);
    return true;
  } catch (const EpochError& error) {
    *ctx.err << texts::ImportFailed(update ? "updating" : "creating", id, error.what()) << "\n";
    return false;
  }
}

// epoch-cli's order: the overwritten ones first, then the new ones; --skip names ids to leave out.
int Import(const cli::ParsedArgs& args, EpochContext& ctx) {
  const Json existing = ctx.Client().Get(kTopologies);
  const Json wanted = LoadTopologies(args.Get("file_name"));
  const bool overwrite = IsTrueValue(args.Get("overwrite"));
  const bool paused = IsTrueValue(args.Get("paused"));
  std::set<std::string> skipped;
  std::stringstream skip(args.Get("skip"));
  for (std::string id; std::getline(skip, id, ',');) skipped.insert(id);
  std::set<std::string> present;
  for (const auto& details : existing) present.insert(IdOf(details));
  bool ok = true;
  for (bool update : {true, false}) {
    for (const auto& details : wanted) {
      const std::string id = IdOf(details);
      if (skipped.contains(id) || (overwrite && present.contains(id)) != update) continue;
      ok = ImportOne(ctx, details, update, paused) && ok;
    }
  }
  return ok ? kExitOk : kExitError;
}

}  // namespace

void AddClusterCommands(cli::Command& root, EpochContext* ctx) {
  auto& group = root.AddSubcommand("cluster", "Epoch Cluster related commands",
                                   "Available commands for Cluster management");
  group.AddSubcommand("leader", "Get the leader on the cluster").Handler(Bind(ctx, Leader));
  group.AddSubcommand("export", "export the topologies in a json file")
      .Positional("file-name", "Name of file to be saved")
      .Handler(Bind(ctx, Export));
  group.AddSubcommand("import", "load the topologies to the given cluster")
      .Positional("file-name", "Name of file to be loaded")
      .Option("--overwrite", "",
              "Set this, if you wish to overwrite topologies that already exist, during the "
              "import")
      .Option("--paused", "", "import all topologies in PAUSED state")
      .Option("--skip", "",
              "Comma separated values of Topologies to need to be explicitly skipped during "
              "import")
      .Handler(Bind(ctx, Import));
  group.AddSubcommand("pause-all", "pause all the topologies to the given cluster")
      .Handler(Bind(ctx, PauseAll));
}

}  // namespace drove::epoch_cli
