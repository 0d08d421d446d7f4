// JSON mapping of resource requirements and allocations.
#include "orchestrator/core/model/resources.h"

#include <charconv>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

int32_t ReadNodeKey(const std::string& key, const std::string& path) {
  int32_t node = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), node);
  if (key.empty() || ec != std::errc() || end != key.data() + key.size()) {
    ThrowParseError(path, "NUMA node key \"" + key + "\" is not an integer");
  }
  return node;
}

}  // namespace

int64_t TotalCpus(const std::vector<ResourceRequirement>& resources) {
  int64_t total = 0;
  for (const auto& r : resources) {
    if (r.type == ResourceType::kCpu) total += r.count;
  }
  return total;
}

int64_t TotalMemoryMb(const std::vector<ResourceRequirement>& resources) {
  int64_t total = 0;
  for (const auto& r : resources) {
    if (r.type == ResourceType::kMemory) total += r.size_in_mb;
  }
  return total;
}

nlohmann::json CoreMapToJson(const CoreMap& cores) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [node, ids] : cores) j[std::to_string(node)] = ids;
  return j;
}

nlohmann::json MemoryMapToJson(const MemoryMap& memory) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [node, mb] : memory) j[std::to_string(node)] = mb;
  return j;
}

CoreMap ReadCoreMap(const nlohmann::json& j, const std::string& path) {
  RequireObject(j, path);
  CoreMap out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string key_path = JoinPath(path, it.key());
    int32_t node = ReadNodeKey(it.key(), key_path);
    std::set<int32_t>& ids = out[node];
    if (it.value().is_null()) continue;
    for (int32_t id : ReadInt32List(it.value(), key_path)) ids.insert(id);
  }
  return out;
}

MemoryMap ReadMemoryMap(const nlohmann::json& j, const std::string& path) {
  RequireObject(j, path);
  MemoryMap out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string key_path = JoinPath(path, it.key());
    int32_t node = ReadNodeKey(it.key(), key_path);
    out[node] = it.value().is_null() ? 0 : ReadInt64(it.value(), key_path);
  }
  return out;
}

void to_json(nlohmann::json& j, const ResourceRequirement& r) {
  j = nlohmann::json::object();
  j["type"] = r.type;
  if (r.type == ResourceType::kCpu) {
    j["count"] = r.count;
  } else {
    j["sizeInMB"] = r.size_in_mb;
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, ResourceRequirement* out) {
  ObjectReader r(j, path);
  ResourceRequirement v;
  v.type = static_cast<ResourceType>(r.Discriminator({"CPU", "MEMORY"}));
  if (v.type == ResourceType::kCpu) {
    v.count = r.Int64("count");
  } else {
    v.size_in_mb = r.Int64("sizeInMB");
  }
  *out = v;
}

void from_json(const nlohmann::json& j, ResourceRequirement& r) { ReadJson(j, "", &r); }

void to_json(nlohmann::json& j, const ResourceAllocation& r) {
  j = nlohmann::json::object();
  j["type"] = r.type;
  if (r.type == ResourceType::kCpu) {
    j["cores"] = CoreMapToJson(r.cores);
  } else {
    j["memoryInMB"] = MemoryMapToJson(r.memory_in_mb);
  }
}

void ReadJson(const nlohmann::json& j, const std::string& path, ResourceAllocation* out) {
  ObjectReader r(j, path);
  ResourceAllocation v;
  v.type = static_cast<ResourceType>(r.Discriminator({"CPU", "MEMORY"}));
  if (v.type == ResourceType::kCpu) {
    if (const auto* c = r.Find("cores")) v.cores = ReadCoreMap(*c, r.PathOf("cores"));
  } else {
    if (const auto* m = r.Find("memoryInMB")) {
      v.memory_in_mb = ReadMemoryMap(*m, r.PathOf("memoryInMB"));
    }
  }
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, ResourceAllocation& r) { ReadJson(j, "", &r); }

}  // namespace drove::core
