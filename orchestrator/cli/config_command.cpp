// `drove config ...`: kubectl-like cluster contexts in ~/.drove (no cluster connection needed).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "orchestrator/cli/command_util.h"

namespace drove::cli {
namespace {

std::string ConfigPath(const CliContext& ctx) {
  return ctx.globals.config_file.empty() ? DefaultConfigPath() : ctx.globals.config_file;
}

IniFile Load(const CliContext& ctx) {
  auto ini = LoadIniFile(ConfigPath(ctx));
  if (!ini.ok()) throw CliFailure("Error parsing config file " + ini.error());
  return ini.value();
}

void Save(const CliContext& ctx, const IniFile& ini) {
  core::Status status = SaveIniFile(ConfigPath(ctx), ini);
  if (!status.ok()) throw CliFailure("Error: " + status.message());
}

std::string Padded(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

void FillCluster(const ParsedArgs& args, const std::string& section, IniFile* ini) {
  ini->Set(section, "endpoint", args.Get("endpoint"));
  for (const char* key : {"username", "password", "auth_header", "ca_file"}) {
    if (args.Has(key)) ini->Set(section, key, args.Get(key));
  }
  if (args.Flag("insecure")) ini->Set(section, "insecure", "true");
}

int GetClusters(const ParsedArgs&, CliContext& ctx) {
  IniFile ini = Load(ctx);
  std::string current = ini.Get(kDefaultSection, "current_cluster").value_or("");
  std::vector<std::string> names;
  if (ini.Get(kDefaultSection, "endpoint")) names.push_back(kDefaultSection);
  for (const auto& section : ini.Sections()) {
    if (!ini.Get(section, "endpoint").value_or("").empty()) names.push_back(section);
  }
  if (names.empty()) {
    ctx.Out() << "No clusters configured. Run 'drove config init' to set up.\n";
    return kExitOk;
  }
  ctx.Out() << Padded("CURRENT", 10) << " " << Padded("NAME", 20) << " " << Padded("ENDPOINT", 50)
            << " " << Padded("AUTH", 6) << " " << Padded("INSECURE", 8) << "\n"
            << std::string(95, '-') << "\n";
  for (const auto& name : names) {
    bool auth = !ini.Get(name, "username").value_or("").empty() ||
                !ini.Get(name, "auth_header").value_or("").empty();
    std::string insecure = ini.Get(name, "insecure").value_or("false");
    ctx.Out() << Padded(name == current ? "*" : "", 10) << " " << Padded(name, 20) << " "
              << Padded(ini.Get(name, "endpoint").value_or(""), 50) << " "
              << Padded(auth ? "yes" : "no", 6) << " "
              << Padded(insecure == "true" ? "yes" : "no", 8) << "\n";
  }
  if (!current.empty()) ctx.Out() << "\nCurrent cluster: " << current << "\n";
  return kExitOk;
}

int CurrentCluster(const ParsedArgs&, CliContext& ctx) {
  auto current = Load(ctx).Get(kDefaultSection, "current_cluster");
  if (current && !current->empty()) {
    ctx.Out() << *current << "\n";
  } else {
    ctx.Out() << "No current cluster set. Use 'drove config use-cluster <name>' to set one.\n";
  }
  return kExitOk;
}

int UseCluster(const ParsedArgs& args, CliContext& ctx) {
  IniFile ini = Load(ctx);
  std::string name = args.Get("cluster_name");
  bool valid = name == kDefaultSection ? ini.Get(kDefaultSection, "endpoint").has_value()
                                       : ini.HasSection(name);
  if (!valid) {
    std::string available;
    for (const auto& section : ini.Sections()) available += (available.empty() ? "" : ", ") + section;
    ctx.Err() << "Error: cluster '" << name << "' not found in config (available clusters: "
              << (available.empty() ? "none" : available) << ")\n";
    return kExitError;
  }
  ini.Set(kDefaultSection, "current_cluster", name);
  Save(ctx, ini);
  ctx.Out() << "Switched to cluster \"" << name << "\".\n";
  return kExitOk;
}

std::string Mask(const std::string& value) {
  return value.size() > 8 ? value.substr(0, 4) + "****" + value.substr(value.size() - 4) : "****";
}

int View(const ParsedArgs& args, CliContext& ctx) {
  std::string path = ConfigPath(ctx);
  std::ifstream in(path);
  if (!in) {
    ctx.Out() << "Config file not found: " << path << "\nRun 'drove config init' to create one.\n";
    return kExitOk;
  }
  if (args.Flag("raw")) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    ctx.Out() << buffer.str() << "\n";
    return kExitOk;
  }
  IniFile ini = Load(ctx);
  std::string current = ini.Get(kDefaultSection, "current_cluster").value_or("");
  ctx.Out() << "Config file: " << path << "\n"
            << "Current cluster: " << (current.empty() ? "(not set)" : current) << "\n\n";
  std::vector<std::string> sections{kDefaultSection};
  for (const auto& section : ini.Sections()) sections.push_back(section);
  for (const auto& section : sections) {
    auto items = ini.ItemsOf(section);
    if (ini.Get(section, "endpoint").value_or("").empty()) continue;
    ctx.Out() << "[" << section << "]" << (section == current ? " (current)" : "") << "\n";
    for (const auto& [key, value] : items) {
      bool secret = (key == "password" || key == "auth_header") && !value.empty();
      ctx.Out() << "  " << key << " = " << (secret ? Mask(value) : value) << "\n";
    }
    ctx.Out() << "\n";
  }
  return kExitOk;
}

int Init(const ParsedArgs& args, CliContext& ctx) {
  std::string path = ConfigPath(ctx);
  if (std::ifstream(path)) {
    ctx.Err() << "Config file already exists: " << path
              << ". Use 'drove config add-cluster' to add more clusters.\n";
    return kExitError;
  }
  std::string name = args.Get("name");
  std::string section = name == "default" ? kDefaultSection : name;
  IniFile ini;
  FillCluster(args, section, &ini);
  ini.Set(kDefaultSection, "current_cluster", section);
  Save(ctx, ini);
  ctx.Out() << "Config initialized at: " << path << "\nCurrent cluster set to: " << section << "\n";
  return kExitOk;
}

int AddCluster(const ParsedArgs& args, CliContext& ctx) {
  IniFile ini = Load(ctx);
  std::string name = args.Get("cluster_name");
  if (ini.HasSection(name)) {
    ctx.Err() << "Error: cluster '" << name << "' already exists\n";
    return kExitError;
  }
  FillCluster(args, name, &ini);
  Save(ctx, ini);
  ctx.Out() << "Cluster '" << name << "' added to " << ConfigPath(ctx) << "\n";
  return kExitOk;
}

int DeleteCluster(const ParsedArgs& args, CliContext& ctx) {
  IniFile ini = Load(ctx);
  std::string name = args.Get("cluster_name");
  if (name == kDefaultSection || !ini.HasSection(name)) {
    ctx.Err() << "Error: cluster '" << name << "' not found\n";
    return kExitError;
  }
  ini.RemoveSection(name);
  bool was_current = ini.Get(kDefaultSection, "current_cluster").value_or("") == name;
  if (was_current) ini.RemoveOption(kDefaultSection, "current_cluster");
  Save(ctx, ini);
  if (was_current) {
    ctx.Out() << "Cluster '" << name << "' deleted and was current cluster (now unset)\n";
  } else {
    ctx.Out() << "Cluster '" << name << "' deleted from " << ConfigPath(ctx) << "\n";
  }
  return kExitOk;
}

void AddConnectionOptions(Command& command) {
  command.Option("--endpoint", "-e", "Drove endpoint URL", "", true)
      .Option("--username", "-u", "Username for basic auth")
      .Option("--password", "-p", "Password for basic auth")
      .Option("--auth-header", "-t", "Authorization header value")
      .Flag("--insecure", "-i", "Skip SSL verification")
      .Option("--ca-file", "", "CA certificate file (PEM) to verify https endpoints with");
}

}  // namespace

void AddConfigCommands(Command& root) {
  Command& group = root.AddSubcommand("config", "Manage drove cluster configurations",
                                      "Available config commands");
  group.NeedsClient(false);
  group.AddSubcommand("get-clusters", "List all configured clusters").Handler(GetClusters);
  group.AddSubcommand("current-cluster", "Show current default cluster").Handler(CurrentCluster);
  group.AddSubcommand("use-cluster", "Set default cluster")
      .Positional("cluster-name", "Cluster name to use as default")
      .Handler(UseCluster);
  group.AddSubcommand("view", "Display the full configuration file")
      .Flag("--raw", "-r", "Show raw config file content")
      .Handler(View);
  Command& init = group.AddSubcommand("init", "Initialize a new ~/.drove config file");
  AddConnectionOptions(init);
  init.Option("--name", "-n", "Cluster name", "default").Handler(Init);
  Command& add = group.AddSubcommand("add-cluster", "Add a new cluster to config");
  add.Positional("cluster-name", "Name for this cluster");
  AddConnectionOptions(add);
  add.Handler(AddCluster);
  group.AddSubcommand("delete-cluster", "Remove a cluster from config")
      .Positional("cluster-name", "Cluster name to remove")
      .Handler(DeleteCluster);
}

}  // namespace drove::cli
