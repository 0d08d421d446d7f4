// Reading /sys NUMA topology and turning it into the executor's offered resource layout.
#include "orchestrator/executor/resources/host_layout.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace drove::executor {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Finds "MemTotal: <n> kB" in a meminfo file (global or per-node format) and returns MB.
std::optional<int64_t> MemTotalMb(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t pos = line.find("MemTotal:");
    if (pos == std::string::npos) continue;
    std::istringstream fields(line.substr(pos + 9));
    int64_t kb = 0;
    if (fields >> kb) return kb / 1024;
  }
  return std::nullopt;
}

}  // namespace

core::Result<std::vector<int>> ParseCpuList(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    part.erase(std::remove_if(part.begin(), part.end(), ::isspace), part.end());
    if (part.empty()) continue;
    try {
      size_t dash = part.find('-');
      int first = std::stoi(part.substr(0, dash));
      int last = dash == std::string::npos ? first : std::stoi(part.substr(dash + 1));
      if (first < 0 || last < first) return core::Status::Error("bad cpu range: " + part);
      for (int cpu = first; cpu <= last; ++cpu) out.push_back(cpu);
    } catch (const std::exception&) {
      return core::Status::Error("bad cpu list: " + text);
    }
  }
  return out;
}

core::Result<NodeLayout> ReadHostLayout(const std::string& sys_root,
                                        const std::string& proc_meminfo) {
  NodeLayout layout;
  fs::path nodes_dir = fs::path(sys_root) / "devices/system/node";
  std::error_code ec;
  if (fs::is_directory(nodes_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(nodes_dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.rfind("node", 0) != 0 || name.size() == 4 ||
          !std::all_of(name.begin() + 4, name.end(), ::isdigit)) {
        continue;
      }
      int node = std::stoi(name.substr(4));
      auto cpulist = ReadFile(entry.path() / "cpulist");
      auto meminfo = ReadFile(entry.path() / "meminfo");
      if (!cpulist || !meminfo) continue;
      auto cpus = ParseCpuList(*cpulist);
      auto mem = MemTotalMb(*meminfo);
      if (!cpus.ok()) return cpus.status();
      if (cpus->empty() || !mem) continue;  // memory-only or cpu-less nodes offer nothing
      layout.cores[node] = *cpus;
      layout.memory_mb[node] = *mem;
    }
  }
  if (!layout.cores.empty()) return layout;
  auto online = ReadFile(fs::path(sys_root) / "devices/system/cpu/online");
  auto meminfo = ReadFile(proc_meminfo);
  if (!online || !meminfo) return core::Status::Error("cannot read host cpu/memory layout");
  auto cpus = ParseCpuList(*online);
  if (!cpus.ok()) return cpus.status();
  auto mem = MemTotalMb(*meminfo);
  if (!mem) return core::Status::Error("no MemTotal in " + proc_meminfo);
  layout.cores[0] = *cpus;
  layout.memory_mb[0] = *mem;
  return layout;
}

ResourceLayout::ResourceLayout(const NodeLayout& physical, const LayoutOptions& options) {
  std::set<int> os_cores(options.os_cores.begin(), options.os_cores.end());
  for (const auto& [node, cores] : physical.cores) {
    std::vector<int> kept;
    for (int core : cores) {
      if (!os_cores.count(core)) kept.push_back(core);
    }
    physical_.cores[node] = kept;
    auto mem = physical.memory_mb.find(node);
    int64_t mb = mem == physical.memory_mb.end() ? 0 : mem->second;
    physical_.memory_mb[node] = mb * options.exposed_mem_percentage / 100;
  }
  if (!options.over_provisioning) {
    offered_ = physical_;
    return;
  }
  // Virtual ids are numbered across nodes so each stays unique; virtual k of a node sits on
  // physical core (k mod count) of that same node.
  int next_id = 0;
  int cpu_multiplier = std::max(1, options.cpu_multiplier);
  for (const auto& [node, cores] : physical_.cores) {
    std::vector<int> virtual_ids;
    for (size_t k = 0; k < cores.size() * cpu_multiplier; ++k) {
      virtual_to_physical_[next_id] = cores[k % cores.size()];
      virtual_ids.push_back(next_id++);
    }
    offered_.cores[node] = virtual_ids;
    offered_.memory_mb[node] = physical_.memory_mb[node] * std::max(1, options.memory_multiplier);
  }
}

std::vector<int> ResourceLayout::PhysicalCores(int /*node*/,
                                               const std::vector<int>& offered_ids) const {
  std::set<int> out;
  for (int id : offered_ids) {
    auto it = virtual_to_physical_.find(id);
    out.insert(it == virtual_to_physical_.end() ? id : it->second);
  }
  return {out.begin(), out.end()};
}

}  // namespace drove::executor
