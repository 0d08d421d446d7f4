// JSON mapping of the scheduler's resource types (Drove's ResourceAllocation and executor layout).
#include "orchestrator/scheduler/resources.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace drove::scheduler {
namespace {

using core::Result;
using nlohmann::json;

bool ParseInt32(const std::string& text, int32_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool ReadInt32(const json& v, int32_t* out) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
      return false;
    }
  } else {
    int64_t n = v.get<int64_t>();
    if (n < std::numeric_limits<int32_t>::min() || n > std::numeric_limits<int32_t>::max()) {
      return false;
    }
  }
  *out = static_cast<int32_t>(v.get<int64_t>());
  return true;
}

bool ReadNonNegativeInt64(const json& v, int64_t* out) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned() &&
      v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return false;
  }
  *out = v.get<int64_t>();
  return *out >= 0;
}

// Reads {"<node>": [core ids]} into `out`.
std::string ReadCoreMap(const json& j, const std::string& path,
                        std::map<NumaNodeId, std::set<CoreId>>* out) {
  if (!j.is_object()) return path + ": must be an object of NUMA node -> core ids";
  for (const auto& [key, ids] : j.items()) {
    NumaNodeId node = 0;
    if (!ParseInt32(key, &node) || node < 0) return path + ": bad NUMA node id \"" + key + "\"";
    if (!ids.is_array()) return path + "." + key + ": must be an array of core ids";
    auto& cores = (*out)[node];
    for (const auto& id : ids) {
      CoreId core = 0;
      if (!ReadInt32(id, &core) || core < 0) return path + "." + key + ": bad core id";
      cores.insert(core);
    }
  }
  return "";
}

// Reads {"<node>": MB} into `out`.
std::string ReadMemoryMap(const json& j, const std::string& path,
                          std::map<NumaNodeId, int64_t>* out) {
  if (!j.is_object()) return path + ": must be an object of NUMA node -> MB";
  for (const auto& [key, mb] : j.items()) {
    NumaNodeId node = 0;
    if (!ParseInt32(key, &node) || node < 0) return path + ": bad NUMA node id \"" + key + "\"";
    int64_t value = 0;
    if (!ReadNonNegativeInt64(mb, &value)) return path + "." + key + ": must be a MB count >= 0";
    (*out)[node] = value;
  }
  return "";
}

// Finds the one NUMA node named by the CPU and MEMORY entries; returns an error or "".
std::string SingleNode(const std::map<NumaNodeId, std::set<CoreId>>& cores,
                       const std::map<NumaNodeId, int64_t>& memory, const std::string& path,
                       NumaNodeId* node) {
  if (cores.size() != 1 || memory.size() != 1) {
    return path + ": allocation must use exactly one NUMA node for CPU and MEMORY";
  }
  if (cores.begin()->first != memory.begin()->first) {
    return path + ": CPU and MEMORY allocations are on different NUMA nodes";
  }
  *node = cores.begin()->first;
  return "";
}

}  // namespace

json AllocationToResources(const Allocation& allocation) {
  const std::string node = std::to_string(allocation.node_id);
  json cpu = {{"type", "CPU"}, {"cores", {{node, allocation.cores}}}};
  json memory = {{"type", "MEMORY"}, {"memoryInMB", {{node, allocation.memory_mb}}}};
  return json::array({std::move(cpu), std::move(memory)});
}

Result<Allocation> AllocationFromResources(const json& resources, const std::string& executor_id,
                                           const std::string& app_id, const std::string& path) {
  if (!resources.is_array()) return Result<Allocation>::Error(path + ": must be an array");
  std::map<NumaNodeId, std::set<CoreId>> cores;
  std::map<NumaNodeId, int64_t> memory;
  bool has_cpu = false, has_memory = false;
  for (size_t i = 0; i < resources.size(); ++i) {
    const json& item = resources[i];
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const auto type = item.is_object() ? item.value("type", json()) : json();
    std::string err;
    if (type == "CPU") {
      has_cpu = true;
      err = ReadCoreMap(item.value("cores", json()), item_path + ".cores", &cores);
    } else if (type == "MEMORY") {
      has_memory = true;
      err = ReadMemoryMap(item.value("memoryInMB", json()), item_path + ".memoryInMB", &memory);
    } else {
      err = item_path + ".type: must be CPU or MEMORY";
    }
    if (!err.empty()) return Result<Allocation>::Error(std::move(err));
  }
  if (!has_cpu || !has_memory) {
    return Result<Allocation>::Error(path + ": needs one CPU and one MEMORY allocation");
  }
  Allocation allocation{executor_id, app_id, 0, {}, 0};
  if (auto err = SingleNode(cores, memory, path, &allocation.node_id); !err.empty()) {
    return Result<Allocation>::Error(std::move(err));
  }
  const auto& ids = cores.begin()->second;
  allocation.cores.assign(ids.begin(), ids.end());
  allocation.memory_mb = memory.begin()->second;
  return allocation;
}

json LayoutToJson(const ExecutorLayout& layout) {
  json cores = json::object();
  json memory = json::object();
  for (const auto& [node, offer] : layout.nodes) {
    cores[std::to_string(node)] = offer.cores;
    memory[std::to_string(node)] = offer.memory_mb;
  }
  return {{"cores", std::move(cores)}, {"memory", std::move(memory)}};
}

Result<ExecutorLayout> ParseLayout(const json& j, const std::string& path) {
  if (!j.is_object()) return Result<ExecutorLayout>::Error(path + ": must be an object");
  std::map<NumaNodeId, std::set<CoreId>> cores;
  std::map<NumaNodeId, int64_t> memory;
  std::string err = ReadCoreMap(j.value("cores", json::object()), path + ".cores", &cores);
  if (err.empty()) {
    err = ReadMemoryMap(j.value("memory", json::object()), path + ".memory", &memory);
  }
  if (!err.empty()) return Result<ExecutorLayout>::Error(std::move(err));
  ExecutorLayout layout;
  for (auto& [node, ids] : cores) layout.nodes[node].cores = std::move(ids);
  for (const auto& [node, mb] : memory) layout.nodes[node].memory_mb = mb;
  return layout;
}

}  // namespace drove::scheduler
