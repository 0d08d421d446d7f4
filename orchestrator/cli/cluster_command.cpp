// `drove cluster ...`: ping, summary, leader, endpoints, events, maintenance-on/off.
#include <algorithm>
#include <cstdio>

#include "orchestrator/cli/cluster_format.h"
#include "orchestrator/cli/command_util.h"

namespace drove::cli {
namespace {

std::string Percent(double used, double total, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f%%", decimals, total > 0 ? used * 100.0 / total : 0);
  return buffer;
}

int64_t Int(const Json& raw, const std::string& key) {
  return raw.contains(key) && raw[key].is_number() ? raw[key].get<int64_t>() : 0;
}

int Ping(const ParsedArgs&, CliContext& ctx) {
  Json data = ctx.Client().Get("/apis/v1/ping");
  return PrintOr(ctx, data, [&] { ctx.Out() << "Cluster ping successful\n"; });
}

int Summary(const ParsedArgs&, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/cluster");
  return PrintOr(ctx, raw, [&] {
    Json data;
    data["State"] = JsonString(raw, "state");
    data["Leader Controller"] = JsonString(raw, "leader");
    data["Cores"] = "Utilization: " +
                    Percent(Int(raw, "usedCores"), Int(raw, "totalCores"), 0) +
                    " (Total: " + std::to_string(Int(raw, "totalCores")) +
                    " Used: " + std::to_string(Int(raw, "usedCores")) +
                    " Free: " + std::to_string(Int(raw, "freeCores")) + ")";
    data["Memory"] = "Utilization: " +
                     Percent(Int(raw, "usedMemory"), Int(raw, "totalMemory"), 0) +
                     " (Total: " + WithCommas(Int(raw, "totalMemory")) +
                     " MB Used: " + WithCommas(Int(raw, "usedMemory")) +
                     " MB Free: " + WithCommas(Int(raw, "freeMemory")) + " MB)";
    data["Number of live executors"] = Int(raw, "numExecutors");
    data["Applications"] = "Active: " + WithCommas(Int(raw, "numActiveApplications")) +
                           " Total: " + WithCommas(Int(raw, "numApplications"));
    ctx.Out() << RenderDict(data);
  });
}

int Leader(const ParsedArgs&, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/cluster");
  return PrintOr(ctx, raw.value("leader", Json()), [&] {
    if (raw.contains("leader")) {
      ctx.Out() << "Cluster leader: " << PyStr(raw["leader"]) << "\n";
    } else {
      ctx.Out() << "Cluster has no leader\n";
    }
  });
}

int Endpoints(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/endpoints");
  std::vector<Json> items(raw.begin(), raw.end());
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return std::make_pair(JsonString(a, "vhost"), JsonString(a, "appId")) <
           std::make_pair(JsonString(b, "vhost"), JsonString(b, "appId"));
  });
  Json data = Json::array();
  for (const auto& item : items) {
    if (!args.Has("vhost") || JsonString(item, "vhost") == args.Get("vhost")) data.push_back(item);
  }
  return PrintOr(ctx, data, [&] {
    Json wrapped;
    wrapped["endpoints"] = data;
    ctx.Out() << RenderDict(wrapped);
  });
}

int Events(const ParsedArgs& args, CliContext& ctx) {
  int64_t since = 0;
  while (true) {
    Json events = ctx.Client().Get("/apis/v1/cluster/events?size=" + args.Get("count") +
                                   "&lastSyncTime=" + std::to_string(since));
    Json selected = Json::array();
    for (const auto& event : events) {
      if (!args.Has("type") || JsonString(event, "type") == args.Get("type")) {
        selected.push_back(event);
      }
    }
    if (ctx.json) {
      if (!selected.empty() || !args.Flag("follow")) ctx.Out() << RenderJson(selected) << "\n";
    } else {
      for (const auto& event : selected) {
        ctx.Out() << FormatEvent(args.Get("textfmt"), event) << "\n";
      }
    }
    ctx.Out().flush();
    if (!args.Flag("follow") || (ctx.interrupted && ctx.interrupted())) return kExitOk;
    since = ctx.now_ms();
    ctx.sleep(std::chrono::milliseconds(1000));
  }
}

int MaintenanceOn(const ParsedArgs&, CliContext& ctx) {
  Json data = ctx.Client().Post("/apis/v1/cluster/maintenance/set", Json::object());
  return PrintOr(ctx, data,
                 [&] { ctx.Out() << "Cluster state: " << JsonString(data, "state") << "\n"; });
}

int MaintenanceOff(const ParsedArgs&, CliContext& ctx) {
  Json data = ctx.Client().Post("/apis/v1/cluster/maintenance/unset", Json::object());
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Maintenance mode removal accepted. Note that cluster will be in maintenance "
                 "mode for an additional few minutes\n";
  });
}

}  // namespace

void AddClusterCommands(Command& root) {
  Command& group = root.AddSubcommand("cluster", "Drove cluster related commands",
                                      "Available commands for cluster management");
  group.AddSubcommand("ping", "Ping the cluster").Handler(Ping);
  group.AddSubcommand("summary", "Show cluster summary").Handler(Summary);
  group.AddSubcommand("leader", "Show leader for cluster").Handler(Leader);
  group.AddSubcommand("endpoints", "Show all exposed endpoints")
      .Option("--vhost", "-v", "Show details only for the specific vhost")
      .Handler(Endpoints);
  group.AddSubcommand("events", "Events on the cluster")
      .Flag("--follow", "-f", "Follow events (Press CTRL-C to kill)")
      .Option("--type", "-t", "Output events of only the matching type")
      .IntOption("--count", "-c", "Fetch <count> events at a time.", 1024)
      .Option("--textfmt", "-s", "Use the format string to print message", kDefaultEventFormat)
      .Handler(Events);
  group.AddSubcommand("maintenance-on", "Set cluster to maintenance mode").Handler(MaintenanceOn);
  group.AddSubcommand("maintenance-off", "Removed maintenance mode on cluster")
      .Handler(MaintenanceOff);
}

}  // namespace drove::cli
