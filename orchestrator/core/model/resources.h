// Resource requirements (spec side: CPU count / MEMORY sizeInMB) and allocations (NUMA-node maps).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/enums.h"

namespace drove::core {

// {type:"CPU", count} | {type:"MEMORY", sizeInMB}. Only the field of `type` is meaningful/emitted.
struct ResourceRequirement {
  ResourceType type = ResourceType::kCpu;
  int64_t count = 0;       // CPU: whole cores
  int64_t size_in_mb = 0;  // MEMORY: MB (`sizeInMB`)

  static ResourceRequirement Cpu(int64_t count) { return {ResourceType::kCpu, count, 0}; }
  static ResourceRequirement Memory(int64_t mb) { return {ResourceType::kMemory, 0, mb}; }
  bool operator==(const ResourceRequirement&) const = default;
};

// NUMA node id -> core ids / MB. Keys are decimal strings on the wire ({"0":[2,3]}).
using CoreMap = std::map<int32_t, std::set<int32_t>>;
using MemoryMap = std::map<int32_t, int64_t>;

// {type:"CPU", cores:{"<node>":[ids]}} | {type:"MEMORY", memoryInMB:{"<node>":MB}}.
struct ResourceAllocation {
  ResourceType type = ResourceType::kCpu;
  CoreMap cores;             // CPU
  MemoryMap memory_in_mb;    // MEMORY (`memoryInMB`)

  static ResourceAllocation Cpu(CoreMap cores) { return {ResourceType::kCpu, std::move(cores), {}}; }
  static ResourceAllocation Memory(MemoryMap memory) {
    return {ResourceType::kMemory, {}, std::move(memory)};
  }
  bool operator==(const ResourceAllocation&) const = default;
};

// Totals over a requirement list (0 when absent).
int64_t TotalCpus(const std::vector<ResourceRequirement>& resources);
int64_t TotalMemoryMb(const std::vector<ResourceRequirement>& resources);

// NUMA maps on their own (used by executor snapshots as well).
nlohmann::json CoreMapToJson(const CoreMap& cores);
nlohmann::json MemoryMapToJson(const MemoryMap& memory);
CoreMap ReadCoreMap(const nlohmann::json& j, const std::string& path);
MemoryMap ReadMemoryMap(const nlohmann::json& j, const std::string& path);

void to_json(nlohmann::json& j, const ResourceRequirement& r);    // NOLINT
void from_json(const nlohmann::json& j, ResourceRequirement& r);  // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ResourceRequirement* out);
void to_json(nlohmann::json& j, const ResourceAllocation& r);     // NOLINT
void from_json(const nlohmann::json& j, ResourceAllocation& r);   // NOLINT
void ReadJson(const nlohmann::json& j, const std::string& path, ResourceAllocation* out);

}  // namespace drove::core
