// Shared pieces of the command groups (op specs, sort options, resource columns, spec files).
#include "orchestrator/cli/command_util.h"

#include <fstream>
#include <sstream>

namespace drove::cli {
namespace {

const Json* FirstResource(const Json& item, const std::string& type) {
  if (!item.contains("resources") || !item["resources"].is_array()) return nullptr;
  for (const auto& resource : item["resources"]) {
    if (resource.value("type", "") == type) return &resource;
  }
  return nullptr;
}

}  // namespace

void AddOpSpecOptions(Command& command) {
  command
      .IntOption("--parallelism", "-p", "Number of parallel threads to be used to execute operation",
                 1)
      .Option("--timeout", "-t", "Timeout for the operation on the cluster", "5m");
}

Json OpSpecFrom(const ParsedArgs& args) {
  Json spec;
  spec["timeout"] = args.Get("timeout");
  spec["parallelism"] = args.GetInt("parallelism");
  spec["failureStrategy"] = "STOP";
  return spec;
}

Json DefaultOpSpec() {
  Json spec;
  spec["timeout"] = "5m";
  spec["parallelism"] = 1;
  spec["failureStrategy"] = "STOP";
  return spec;
}

void AddSortOptions(Command& command, int columns, int default_column) {
  std::vector<std::string> choices;
  for (int i = 0; i < columns; ++i) choices.push_back(std::to_string(i));
  command.IntOption("--sort", "-s", "Sort output by column", default_column, choices)
      .Flag("--reverse", "-r", "Sort in reverse order");
}

void SortByArgs(const ParsedArgs& args, std::vector<Row>* rows) {
  SortRows(rows, static_cast<size_t>(args.GetInt("sort")), args.Flag("reverse"));
}

int CpuNodeCount(const Json& item) {
  const Json* cpu = FirstResource(item, "CPU");
  if (cpu == nullptr) return -1;
  return cpu->contains("cores") && (*cpu)["cores"].is_object()
             ? static_cast<int>((*cpu)["cores"].size()) : 0;
}

int64_t MemorySum(const Json& item) {
  const Json* memory = FirstResource(item, "MEMORY");
  if (memory == nullptr) return -1;
  int64_t total = 0;
  if (memory->contains("memoryInMB") && (*memory)["memoryInMB"].is_object()) {
    for (const auto& [node, mb] : (*memory)["memoryInMB"].items()) {
      if (mb.is_number()) total += mb.get<int64_t>();
    }
  }
  return total;
}

void AppendResourceCells(const Json& item, bool memory_with_commas, Row* row) {
  int cpus = CpuNodeCount(item);
  if (cpus >= 0) row->push_back(Cell::Number(cpus));
  int64_t memory = MemorySum(item);
  if (memory >= 0) {
    // Python's "{0: ,}" (" 1,024"); tabulate reads one without a thousands separator back as a
    // number, so that one is right-aligned and loses its space.
    if (memory_with_commas && memory >= 1000) {
      row->push_back(Cell(" " + WithCommas(memory)));
    } else {
      row->push_back(Cell::Number(memory));
    }
  }
}

void PopulateResources(const Json& raw, Json* out) {
  const Json* cpu = FirstResource(raw, "CPU");
  if (cpu != nullptr) {
    std::string text;
    if (cpu->contains("cores") && (*cpu)["cores"].is_object()) {
      for (const auto& [node, cores] : (*cpu)["cores"].items()) {
        text += (text.empty() ? "" : ", ") + std::string("NUMA Node ") + node + ": Cores: " +
                PyStr(cores);
      }
    }
    (*out)["CPU"] = text;
  }
  const Json* memory = FirstResource(raw, "MEMORY");
  if (memory != nullptr) {
    std::string text;
    if (memory->contains("memoryInMB") && (*memory)["memoryInMB"].is_object()) {
      for (const auto& [node, mb] : (*memory)["memoryInMB"].items()) {
        text += (text.empty() ? "" : ", ") + std::string("NUMA Node ") + node + ": Cores: " +
                PyStr(mb);
      }
    }
    (*out)["Memory (MB)"] = text;
  }
}

Json ReadJsonFile(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw CliFailure(what + " Error: cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Json spec = Json::parse(buffer.str(), nullptr, false);
  if (spec.is_discarded()) throw CliFailure(what + " Error: " + path + " is not valid JSON");
  return spec;
}

Cell DateCell(const Json& item, const std::string& key) {
  if (!item.contains(key) || !item[key].is_number()) return Cell("");
  return Cell(ToDate(item[key].get<int64_t>()));
}

std::string JsonString(const Json& item, const std::string& key) {
  if (!item.is_object() || !item.contains(key) || item[key].is_null()) return "";
  return PyStr(item[key]);
}

const Json& ObjectAt(const Json& item, const std::string& key) {
  static const Json kEmpty = Json::object();
  if (!item.is_object()) return kEmpty;
  auto it = item.find(key);
  return it != item.end() && it->is_object() ? *it : kEmpty;
}

const Json& ArrayAt(const Json& item, const std::string& key) {
  static const Json kEmpty = Json::array();
  if (!item.is_object()) return kEmpty;
  auto it = item.find(key);
  return it != item.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace drove::cli
