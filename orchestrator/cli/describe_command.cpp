// `drove describe ...`: kubectl-style detail views of the cluster, an executor, an app or local
// service, one of their instances, or a task.
#include <algorithm>
#include <cstdio>
#include <map>

#include "orchestrator/cli/command_util.h"
#include "orchestrator/cli/workload.h"

namespace drove::cli {
namespace {

void Section(CliContext& ctx, const std::string& title) {
  ctx.Out() << "\n" << title << ":\n" << std::string(title.size() + 1, '-') << "\n";
}

std::string Marker(const std::string& state) {
  static const std::map<std::string, std::string> kMarkers = {
      {"HEALTHY", "[OK]"}, {"RUNNING", "[OK]"}, {"ACTIVE", "[OK]"},
      {"PENDING", "[..]"}, {"STARTING", "[..]"}, {"PROVISIONING", "[..]"},
      {"STOPPED", "[--]"}, {"STOPPING", "[--]"}, {"DEPROVISIONING", "[--]"},
      {"FAILED", "[!!]"}, {"UNHEALTHY", "[!!]"}, {"LOST", "[!!]"}};
  auto it = kMarkers.find(state);
  return it == kMarkers.end() ? "[??]" : it->second;
}

std::string Or(const Json& item, const std::string& key, const std::string& fallback = "N/A") {
  return item.is_object() && item.contains(key) ? PyStr(item[key]) : fallback;
}

int64_t Int(const Json& item, const std::string& key) {
  return item.is_object() && item.contains(key) && item[key].is_number() ? item[key].get<int64_t>()
                                                                          : 0;
}

std::string Date(const Json& item, const std::string& key) { return ToDate(Int(item, key)); }

std::string Ids(const Json& ids) {
  std::vector<int64_t> values;
  for (const auto& id : ids) values.push_back(id.is_number() ? id.get<int64_t>() : 0);
  std::sort(values.begin(), values.end());
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + std::to_string(values[i]);
  return text;
}

int TotalCores(const Json& item) {
  for (const auto& res : ArrayAt(item, "resources")) {
    if (res.value("type", "") != "CPU") continue;
    int total = 0;
    for (const auto& [node, cores] : ObjectAt(res, "cores").items()) {
      total += static_cast<int>(cores.size());
    }
    return total;
  }
  return 0;
}

bool WantJson(const ParsedArgs& args, const CliContext& ctx) {
  return ctx.json || args.Flag("json");
}

void PrintResources(CliContext& ctx, const Json& raw) {
  Json resources = ArrayAt(raw, "resources");
  if (resources.empty()) return;
  Section(ctx, "Resources");
  for (const auto& res : resources) {
    if (res.value("type", "") == "CPU") {
      ctx.Out() << "  CPU Cores:         " << TotalCores(raw) << "\n";
      for (const auto& [numa, cores] : ObjectAt(res, "cores").items()) {
        ctx.Out() << "    NUMA " << numa << ":        " << Ids(cores) << "\n";
      }
    } else if (res.value("type", "") == "MEMORY") {
      ctx.Out() << "  Memory:            " << WithCommas(MemorySum(raw)) << " MB\n";
      for (const auto& [numa, mb] : ObjectAt(res, "memoryInMB").items()) {
        ctx.Out() << "    NUMA " << numa << ":        " << WithCommas(mb.get<int64_t>()) << " MB\n";
      }
    }
  }
}

void PrintHostAndPorts(CliContext& ctx, const Json& raw, bool say_unassigned) {
  Json local_info = ObjectAt(raw, "localInfo");
  Section(ctx, "Host Information");
  if (local_info.empty() && !raw.contains("hostname")) {
    if (say_unassigned) ctx.Out() << "  Not yet assigned to an executor\n";
    return;
  }
  ctx.Out() << "  Hostname:          " << Or(local_info, "hostname", Or(raw, "hostname")) << "\n";
  ctx.Out() << "  Executor ID:       " << Or(raw, "executorId") << "\n";
  Json ports = ObjectAt(local_info, "ports");
  if (ports.empty()) return;
  Section(ctx, "Port Mappings");
  for (const auto& [name, port] : ports.items()) {
    ctx.Out() << "  " << name << ":\n"
              << "    Container Port:  " << Or(port, "containerPort") << "\n"
              << "    Host Port:       " << Or(port, "hostPort") << "\n"
              << "    Type:            " << Or(port, "portType") << "\n";
  }
}

void PrintTail(CliContext& ctx, const Json& raw) {
  Json metadata = ObjectAt(raw, "metadata");
  if (!metadata.empty()) {
    Section(ctx, "Metadata");
    for (const auto& [key, value] : metadata.items()) ctx.Out() << "  " << key << ": " << PyStr(value) << "\n";
  }
  std::string error = Or(raw, "errorMessage", "");
  error.erase(0, error.find_first_not_of(" \t\n"));
  error.erase(error.find_last_not_of(" \t\n") + 1);
  if (!error.empty()) {
    Section(ctx, "Error");
    ctx.Out() << "  " << error << "\n";
  }
}

int DescribeCluster(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/cluster");
  Json executors = ctx.Client().Get("/apis/v1/cluster/executors");
  if (WantJson(args, ctx)) {
    ctx.Out() << RenderJson(Json{{"cluster", raw}, {"executors", executors}}) << "\n";
    return kExitOk;
  }
  auto util = [](int64_t used, int64_t total) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.1f%%", used * 100.0 / std::max<int64_t>(total, 1));
    return std::string(buffer);
  };
  Section(ctx, "Cluster Overview");
  ctx.Out() << "  State:             " << Or(raw, "state") << "\n"
            << "  Leader:            " << Or(raw, "leader") << "\n";
  Section(ctx, "Resource Utilization");
  ctx.Out() << "  CPU:\n"
            << "    Total:           " << Int(raw, "totalCores") << "\n"
            << "    Used:            " << Int(raw, "usedCores") << "\n"
            << "    Free:            " << Int(raw, "freeCores") << "\n"
            << "    Utilization:     " << util(Int(raw, "usedCores"), Int(raw, "totalCores")) << "\n"
            << "  Memory:\n"
            << "    Total:           " << WithCommas(Int(raw, "totalMemory")) << " MB\n"
            << "    Used:            " << WithCommas(Int(raw, "usedMemory")) << " MB\n"
            << "    Free:            " << WithCommas(Int(raw, "freeMemory")) << " MB\n"
            << "    Utilization:     " << util(Int(raw, "usedMemory"), Int(raw, "totalMemory"))
            << "\n";
  Section(ctx, "Workload Summary");
  ctx.Out() << "  Executors:         " << Int(raw, "numExecutors") << "\n"
            << "  Applications:      " << Int(raw, "numActiveApplications") << " active / "
            << Int(raw, "numApplications") << " total\n";
  Section(ctx, "Executors (" + std::to_string(executors.size()) + ")");
  if (executors.empty()) ctx.Out() << "  No executors registered in the cluster\n";
  for (const auto& exe : executors) {
    std::string tags;
    for (const auto& tag : ArrayAt(exe, "tags")) tags += (tags.empty() ? "" : ", ") + PyStr(tag);
    int64_t used = Int(exe, "usedCores");
    int64_t used_mem = Int(exe, "usedMemory");
    ctx.Out() << "  " << Marker(Or(exe, "state", "UNKNOWN")) << " " << Or(exe, "executorId") << "\n"
              << "      Host: " << Or(exe, "hostname") << ":" << Or(exe, "port") << "\n"
              << "      CPU: " << used << "/" << used + Int(exe, "freeCores") << " used\n"
              << "      Memory: " << WithCommas(used_mem) << "/"
              << WithCommas(used_mem + Int(exe, "freeMemory")) << " MB used\n"
              << "      Tags: " << (tags.empty() ? "none" : tags) << "\n";
  }
  return kExitOk;
}

int DescribeExecutor(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/cluster/executors/" + EncodeSegment(args.Get("executor_id")));
  if (WantJson(args, ctx)) {
    ctx.Out() << RenderJson(raw) << "\n";
    return kExitOk;
  }
  Json state = ObjectAt(raw, "state");
  std::string tags;
  for (const auto& tag : ArrayAt(raw, "tags")) tags += (tags.empty() ? "" : ", ") + PyStr(tag);
  std::string executor_state = Or(raw, "executorState", "");
  bool blacklisted = executor_state == "BLACKLISTED" || executor_state == "BLACKLIST_REQUESTED" ||
                     raw.value("blacklisted", false);
  Section(ctx, "Executor Details");
  ctx.Out() << "  ID:              " << Or(state, "executorId") << "\n"
            << "  Hostname:        " << Or(raw, "hostname") << "\n"
            << "  Port:            " << Or(raw, "port") << "\n"
            << "  Transport:       " << Or(raw, "transportType") << "\n"
            << "  Blacklisted:     " << (blacklisted ? "yes" : "no") << "\n"
            << "  Tags:            " << (tags.empty() ? "none" : tags) << "\n"
            << "  Last Updated:    " << Date(raw, "updated") << "\n";
  Json cpus = ObjectAt(state, "cpus");
  Section(ctx, "CPU Resources");
  for (const auto& [node, free] : ObjectAt(cpus, "freeCores").items()) {
    Json used = ObjectAt(cpus, "usedCores").value(node, Json::array());
    ctx.Out() << "  NUMA Node " << node << ":\n"
              << "    Free Cores:  " << (free.empty() ? "none" : Ids(free)) << "\n"
              << "    Used Cores:  " << (used.empty() ? "none" : Ids(used)) << "\n";
  }
  Json memory = ObjectAt(state, "memory");
  Section(ctx, "Memory Resources");
  for (const auto& [node, free] : ObjectAt(memory, "freeMemory").items()) {
    int64_t used = Int(ObjectAt(memory, "usedMemory"), node);
    ctx.Out() << "  NUMA Node " << node << ":\n"
              << "    Free Memory: " << WithCommas(free.get<int64_t>()) << " MB\n"
              << "    Used Memory: " << WithCommas(used) << " MB\n";
  }
  Json instances = ArrayAt(raw, "instances");
  Section(ctx, "App Instances (" + std::to_string(instances.size()) + ")");
  if (instances.empty()) ctx.Out() << "  No application instances running on this executor\n";
  for (const auto& inst : instances) {
    ctx.Out() << "  " << Marker(Or(inst, "state")) << " " << Or(inst, "instanceId") << "\n"
              << "      App: " << Or(inst, "appName") << " (" << Or(inst, "appId") << ")\n"
              << "      State: " << Or(inst, "state") << "\n"
              << "      Resources: " << TotalCores(inst) << " CPU, "
              << WithCommas(std::max<int64_t>(MemorySum(inst), 0)) << " MB Memory\n";
    if (!Or(inst, "errorMessage", "").empty()) {
      ctx.Out() << "      Error: " << Or(inst, "errorMessage") << "\n";
    }
  }
  Json tasks = ArrayAt(raw, "tasks");
  Section(ctx, "Tasks (" + std::to_string(tasks.size()) + ")");
  if (tasks.empty()) ctx.Out() << "  No tasks running on this executor\n";
  for (const auto& task : tasks) {
    ctx.Out() << "  " << Marker(Or(task, "state")) << " " << Or(task, "taskId") << "\n"
              << "      Source App: " << Or(task, "sourceAppName") << "\n"
              << "      State: " << Or(task, "state") << "\n"
              << "      Resources: " << TotalCores(task) << " CPU, "
              << WithCommas(std::max<int64_t>(MemorySum(task), 0)) << " MB Memory\n";
  }
  Json services = ArrayAt(raw, "serviceInstances");
  Section(ctx, "Local Service Instances (" + std::to_string(services.size()) + ")");
  if (services.empty()) ctx.Out() << "  No local service instances running on this executor\n";
  for (const auto& inst : services) {
    ctx.Out() << "  " << Marker(Or(inst, "state")) << " " << Or(inst, "instanceId") << "\n"
              << "      Service: " << Or(inst, "serviceName") << " (" << Or(inst, "serviceId")
              << ")\n"
              << "      State: " << Or(inst, "state") << "\n";
  }
  return kExitOk;
}

// describe app and describe localservice: the same view of summary, spec and instances.
struct WorkloadView {
  const Workload& workload;
  const char* title;  // "Application Details"
  const char* no_instances;
};

const WorkloadView& AppView() {
  static const WorkloadView kView{Applications(), "Application Details",
                                  "No instances running (scale up to start instances)"};
  return kView;
}

const WorkloadView& LocalServiceView() {
  static const WorkloadView kView{LocalServices(), "Local Service Details",
                                  "No instances running (activate to start instances)"};
  return kView;
}

// The parts of an app or local service spec that describe shows.
void PrintSpecification(CliContext& ctx, const Json& spec) {
  Section(ctx, "Specification");
  Json executable = ObjectAt(spec, "executable");
  ctx.Out() << "  Executable Type:   " << Or(executable, "type") << "\n";
  if (Or(executable, "type") == "DOCKER") {
    ctx.Out() << "  Docker Image:      " << Or(executable, "url") << "\n";
  }
  for (const auto& res : ArrayAt(spec, "resources")) {
    if (res.value("type", "") == "CPU") {
      ctx.Out() << "  CPU per Instance:  " << Or(res, "count") << "\n";
    } else if (res.value("type", "") == "MEMORY") {
      ctx.Out() << "  Memory per Inst:   " << Or(res, "sizeInMB") << " MB\n";
    }
  }
  Json ports = ArrayAt(spec, "exposedPorts");
  if (!ports.empty()) {
    Section(ctx, "Exposed Ports");
    for (const auto& port : ports) {
      ctx.Out() << "  - " << Or(port, "name", "unnamed") << ": " << Or(port, "port") << " ("
                << Or(port, "type") << ")\n";
    }
  }
  Json placement = ObjectAt(spec, "placementPolicy");
  if (!placement.empty()) {
    Section(ctx, "Placement Policy");
    ctx.Out() << "  Type:              " << Or(placement, "type") << "\n";
  }
}

int DescribeWorkload(const WorkloadView& view, const ParsedArgs& args, CliContext& ctx) {
  std::string base = WorkloadPath(view.workload, args);
  std::string id = args.Get(view.workload.id_dest);
  Json summary = ctx.Client().Get(base);
  Json spec = ctx.Client().Get(base + "/spec");
  Json instances = ctx.Client().Get(base + "/instances");
  if (WantJson(args, ctx)) {
    ctx.Out() << RenderJson(Json{{"summary", summary}, {"spec", spec}, {"instances", instances}})
              << "\n";
    return kExitOk;
  }
  Section(ctx, view.title);
  ctx.Out() << "  ID:                " << Or(summary, "id", id) << "\n"
            << "  Name:              " << Or(summary, "name") << "\n"
            << "  State:             " << Or(summary, "state") << "\n"
            << "  Created:           " << Date(summary, "created") << "\n"
            << "  Updated:           " << Date(summary, "updated") << "\n";
  Section(ctx, "Instance Summary");
  ctx.Out() << "  Required:          " << Int(summary, "requiredInstances") << "\n"
            << "  Healthy:           " << Int(summary, "healthyInstances") << "\n"
            << "  Total CPU:         " << Int(summary, "totalCPUs") << "\n"
            << "  Total Memory:      " << WithCommas(Int(summary, "totalMemory")) << " MB\n";
  PrintSpecification(ctx, spec);
  Section(ctx, "Instances (" + std::to_string(instances.size()) + ")");
  if (instances.empty()) ctx.Out() << "  " << view.no_instances << "\n";
  for (const auto& inst : instances) {
    ctx.Out() << "  " << Marker(Or(inst, "state")) << " " << Or(inst, "instanceId") << "\n"
              << "      Host: " << Or(ObjectAt(inst, "localInfo"), "hostname") << "\n"
              << "      State: " << Or(inst, "state") << "\n"
              << "      Created: " << Date(inst, "created") << "\n";
    if (!Or(inst, "errorMessage", "").empty()) {
      ctx.Out() << "      Error: " << Or(inst, "errorMessage") << "\n";
    }
  }
  return kExitOk;
}

// describe instance and describe lsinstance.
struct InstanceView {
  const Workload& workload;
  const char* title;     // "Instance Details"
  const char* id_label;  // "Application ID:    "
};

const InstanceView& AppInstanceView() {
  static const InstanceView kView{Applications(), "Instance Details", "Application ID:    "};
  return kView;
}

const InstanceView& LsInstanceView() {
  static const InstanceView kView{LocalServices(), "Local Service Instance Details",
                                  "Service ID:        "};
  return kView;
}

int DescribeInstance(const InstanceView& view, const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get(InstancesPath(view.workload, args) + "/" +
                              EncodeSegment(args.Get("instance_id")));
  if (WantJson(args, ctx)) {
    ctx.Out() << RenderJson(raw) << "\n";
    return kExitOk;
  }
  Section(ctx, view.title);
  ctx.Out() << "  Instance ID:       " << Or(raw, "instanceId") << "\n"
            << "  " << view.id_label << Or(raw, view.workload.id_key) << "\n"
            << "  State:             " << Or(raw, "state") << "\n"
            << "  Created:           " << Date(raw, "created") << "\n"
            << "  Updated:           " << Date(raw, "updated") << "\n";
  if (raw.contains("localInfo")) PrintHostAndPorts(ctx, raw, false);
  PrintResources(ctx, raw);
  PrintTail(ctx, raw);
  return kExitOk;
}

int DescribeTask(const ParsedArgs& args, CliContext& ctx) {
  Json raw = ctx.Client().Get("/apis/v1/tasks/" + EncodeSegment(args.Get("source_app")) +
                              "/instances/" + EncodeSegment(args.Get("task_id")));
  if (WantJson(args, ctx)) {
    ctx.Out() << RenderJson(raw) << "\n";
    return kExitOk;
  }
  Section(ctx, "Task Details");
  ctx.Out() << "  Task ID:           " << Or(raw, "taskId") << "\n"
            << "  Source App:        " << Or(raw, "sourceAppName") << "\n"
            << "  State:             " << Or(raw, "state") << "\n"
            << "  Created:           " << Date(raw, "created") << "\n"
            << "  Updated:           " << Date(raw, "updated") << "\n";
  PrintHostAndPorts(ctx, raw, true);
  PrintResources(ctx, raw);
  Json result = ObjectAt(raw, "taskResult");
  if (!result.empty()) {
    Section(ctx, "Task Result");
    ctx.Out() << "  Status:            " << Or(result, "status") << "\n"
              << "  Exit Code:         " << Or(result, "exitCode") << "\n";
  }
  PrintTail(ctx, raw);
  return kExitOk;
}

}  // namespace

void AddDescribeCommands(Command& root) {
  Command& group = root.AddSubcommand("describe", "Show detailed information about a resource",
                                      "Available describe commands");
  // Every describe command takes --json; the positionals follow in each one.
  auto describe = [&group](const std::string& name, const std::string& help,
                           CommandHandler handler) -> Command& {
    return group.AddSubcommand(name, help).Flag("--json", "-j", "Output as JSON").Handler(handler);
  };
  describe("executor", "Show detailed executor information", DescribeExecutor)
      .Positional("executor-id", "Executor ID");
  describe("app", "Show detailed application information", ForKind(AppView(), DescribeWorkload))
      .Positional("app-id", "Application ID");
  describe("cluster", "Show detailed cluster information", DescribeCluster);
  describe("instance", "Show detailed application instance information",
           ForKind(AppInstanceView(), DescribeInstance))
      .Positional("app-id", "Application ID")
      .Positional("instance-id", "Instance ID");
  describe("task", "Show detailed task information", DescribeTask)
      .Positional("source-app", "Source Application Name")
      .Positional("task-id", "Task ID");
  describe("localservice", "Show detailed local service information",
           ForKind(LocalServiceView(), DescribeWorkload))
      .Positional("service-id", "Local Service ID");
  describe("lsinstance", "Show detailed local service instance information",
           ForKind(LsInstanceView(), DescribeInstance))
      .Positional("service-id", "Local Service ID")
      .Positional("instance-id", "Instance ID");
}

}  // namespace drove::cli
