// `drove executor ...`: list, info, appinstances, tasks, lsinstances, blacklist, unblacklist.
#include <algorithm>
#include <cstdio>

#include "orchestrator/cli/command_util.h"

namespace drove::cli {
namespace {

Json ExecutorData(CliContext& ctx, const ParsedArgs& args) {
  return ctx.Client().Get("/apis/v1/cluster/executors/" + EncodeSegment(args.Get("executor_id")));
}

std::string SortedIds(const Json& ids) {
  std::vector<int64_t> values;
  for (const auto& id : ids) {
    if (id.is_number()) values.push_back(id.get<int64_t>());
  }
  std::sort(values.begin(), values.end());
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return text;
}

int List(const ParsedArgs&, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/cluster/executors");
  return PrintOr(ctx, raw, [&] {
    static const std::vector<std::pair<std::string, std::string>> kColumns = {
        {"executorId", "Executor ID"}, {"hostname", "Host"},
        {"port", "Port"}, {"transportType", "Transport"},
        {"freeCores", "Free Cores"}, {"usedCores", "Used Cores"},
        {"freeMemory", "Free Memory (MB)"}, {"usedMemory", "Used Memory (MB)"},
        {"tags", "Tags"}, {"state", "State"}};
    std::vector<std::string> headers;
    for (const auto& column : kColumns) headers.push_back(column.second);
    std::vector<Row> rows;
    for (const auto& executor : raw) {
      Row row;
      for (const auto& column : kColumns) {
        row.push_back(Cell::FromJson(executor.value(column.first, Json())));
      }
      rows.push_back(row);
    }
    ctx.Out() << RenderTable(headers, rows);
  });
}

int Info(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ExecutorData(ctx, args);
  return PrintOr(ctx, raw, [&] {
    Json state = ObjectAt(raw, "state");
    Json data;
    data["ID"] = JsonString(state, "executorId");
    data["Host"] = JsonString(raw, "hostname");
    data["Port"] = raw.value("port", Json());
    data["Transport"] = JsonString(raw, "transportType");
    Json cpu_nodes = Json::object();
    Json cpus = ObjectAt(state, "cpus");
    for (const auto& [node, ids] : ObjectAt(cpus, "freeCores").items()) {
      cpu_nodes["NUMA node " + node] = "Free cores: " + SortedIds(ids);
    }
    for (const auto& [node, ids] : ObjectAt(cpus, "usedCores").items()) {
      std::string key = "NUMA node " + node;
      cpu_nodes[key] = cpu_nodes.value(key, "") + " Used cores: " + SortedIds(ids);
    }
    Json memory_nodes = Json::object();
    Json memory = ObjectAt(state, "memory");
    for (const auto& [node, mb] : ObjectAt(memory, "freeMemory").items()) {
      memory_nodes["NUMA node " + node] = "Free :  " + WithCommas(mb.get<int64_t>()) + " MB";
    }
    for (const auto& [node, mb] : ObjectAt(memory, "usedMemory").items()) {
      std::string key = "NUMA node " + node;
      memory_nodes[key] =
          memory_nodes.value(key, "") + " Used:  " + WithCommas(mb.get<int64_t>()) + " MB";
    }
    data["Resources"]["CPU"] = cpu_nodes;
    data["Resources"]["Memory"] = memory_nodes;
    data["State"] = JsonString(raw, "executorState");
    std::string tags;
    for (const auto& tag : ArrayAt(raw, "tags")) tags += (tags.empty() ? "" : ",") + PyStr(tag);
    data["Tags"] = tags;
    data["Last Updated"] = DateCell(raw, "updated").text;
    ctx.Out() << RenderDict(data);
  });
}

// The executor's app instances and local-service instances share one table; only the keys differ.
struct InstanceColumns {
  const char* array_key;
  const char* name_key;
  const char* id_key;
  const char* name_header;
  const char* id_header;
};

int PrintInstances(const ParsedArgs& args, CliContext& ctx, const InstanceColumns& columns) {
  Json raw = ExecutorData(ctx, args);
  Json instances = ArrayAt(raw, columns.array_key);
  return PrintOr(ctx, instances, [&] {
    std::vector<Row> rows;
    for (const auto& instance : instances) {
      Row row{JsonString(instance, "instanceId"), JsonString(instance, columns.name_key),
              JsonString(instance, columns.id_key)};
      AppendResourceCells(instance, true, &row);
      row.push_back(JsonString(instance, "state"));
      row.push_back(JsonString(instance, "errorMessage"));
      row.push_back(DateCell(instance, "created"));
      row.push_back(DateCell(instance, "updated"));
      rows.push_back(row);
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable({"Instance ID", columns.name_header, columns.id_header, "CPU",
                              "Memory (MB)", "State", "Error Message", "Created", "Last Updated"},
                             rows);
  });
}

int AppInstances(const ParsedArgs& args, CliContext& ctx) {
  return PrintInstances(args, ctx, {"instances", "appName", "appId", "App name", "App ID"});
}

int LsInstances(const ParsedArgs& args, CliContext& ctx) {
  return PrintInstances(args, ctx,
                        {"serviceInstances", "serviceName", "serviceId", "Service name", "Service ID"});
}

int Tasks(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ExecutorData(ctx, args);
  Json tasks = Json::array();
  for (const auto& task : ArrayAt(raw, "tasks")) {
    if (!args.Has("app") || JsonString(task, "sourceAppName") == args.Get("app")) {
      tasks.push_back(task);
    }
  }
  return PrintOr(ctx, tasks, [&] {
    std::vector<Row> rows;
    for (const auto& task : tasks) {
      Row row{JsonString(task, "instanceId"), JsonString(task, "sourceAppName"),
              JsonString(task, "taskId"), JsonString(task, "state")};
      AppendResourceCells(task, true, &row);
      row.push_back(DateCell(task, "created"));
      row.push_back(DateCell(task, "updated"));
      rows.push_back(row);
    }
    SortByArgs(args, &rows);
    ctx.Out() << RenderTable(
        {"Id", "Source App", "Task ID", "State", "CPU", "Memory(MB)", "Created", "Updated"}, rows);
  });
}

std::string Joined(const Json& ids) {
  std::string text;
  for (const auto& id : ids) text += (text.empty() ? "" : ",") + PyStr(id);
  return text;
}

// drove-cli's output: the two id lists, the message, and (blacklist only) the estimate in seconds.
int Blacklist(const ParsedArgs& args, CliContext& ctx, const std::string& action) {
  std::string query;
  for (const auto& id : args.GetList("executor_id")) {
    query += (query.empty() ? "?id=" : "&id=") + EncodeSegment(id);
  }
  Json data = ctx.Client().Post("/apis/v1/cluster/executors/" + action + query, Json::object());
  return PrintOr(ctx, data, [&] {
    ctx.Out() << "Successful: " << Joined(ArrayAt(data, "successful")) << "\n";
    ctx.Out() << "Failed: " << Joined(ArrayAt(data, "failed")) << "\n";
    if (data.contains("message")) ctx.Out() << JsonString(data, "message") << "\n";
    auto estimate = data.find("approxCompletionTimeMs");
    if (action == "blacklist" && estimate != data.end() && estimate->is_number()) {
      char seconds[64];
      std::snprintf(seconds, sizeof(seconds), "%.2f", estimate->get<double>() / 1000);
      ctx.Out() << "Approximate completion time: " << seconds << " seconds\n";
    }
  });
}

}  // namespace

void AddExecutorCommands(Command& root) {
  Command& group = root.AddSubcommand("executor", "Drove cluster executor related commands",
                                      "Available commands for cluster executor management");
  group.AddSubcommand("list", "List all executors").Handler(List);
  group.AddSubcommand("info", "Show details about executor")
      .Positional("executor-id", "Executor id for which info is to be shown")
      .Handler(Info);
  Command& instances = group.AddSubcommand("appinstances",
                                           "Show app instances running on this executor");
  instances.Positional("executor-id", "Executor id for which info is to be shown");
  AddSortOptions(instances, 9, 1);
  instances.Handler(AppInstances);
  Command& tasks = group.AddSubcommand("tasks", "Show tasks running on this executor");
  tasks.Positional("executor-id", "Executor id for which info is to be shown")
      .Option("--app", "-a", "Show tasks only for the given source app");
  AddSortOptions(tasks, 8, 1);
  tasks.Handler(Tasks);
  Command& services = group.AddSubcommand(
      "lsinstances", "Show local service instances running on this executor");
  services.Positional("executor-id", "Executor id for which info is to be shown");
  AddSortOptions(services, 9, 1);
  services.Handler(LsInstances);
  group.AddSubcommand("blacklist", "Blacklist executors")
      .Positionals("executor-id", "List of executor ids to be blacklisted")
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return Blacklist(args, ctx, "blacklist");
      });
  group.AddSubcommand("unblacklist", "Un-blacklist executors")
      .Positionals("executor-id", "List of executor ids to be brought back into rotation")
      .Handler([](const ParsedArgs& args, CliContext& ctx) {
        return Blacklist(args, ctx, "unblacklist");
      });
}

}  // namespace drove::cli
