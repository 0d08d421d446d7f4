// Reading the engine's stats JSON (see container_stats.h).
#include "orchestrator/executor/engine/container_stats.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace drove::executor {
namespace {

using nlohmann::json;

// The unsigned number at `path` (object keys), 0 when any step is missing or not a number.
uint64_t Number(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return 0;
    at = &(*at)[key];
  }
  return at->is_number() ? at->get<uint64_t>() : 0;
}

// blkio entries are {op, value}: "Read"/"Write" on cgroup v1, "read"/"write" on v2.
void AddBlkio(const json& stats, ContainerStats* out) {
  const json* entries = nullptr;
  if (stats.contains("blkio_stats") && stats["blkio_stats"].is_object()) {
    const json& blkio = stats["blkio_stats"];
    auto it = blkio.find("io_service_bytes_recursive");
    if (it != blkio.end() && it->is_array()) entries = &*it;
  }
  if (entries == nullptr) return;
  for (const json& entry : *entries) {
    if (!entry.is_object()) continue;
    std::string op = entry.value("op", "");
    for (char& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const uint64_t value = Number(entry, {"value"});
    if (op == "read") out->blkio_read_bytes += value;
    if (op == "write") out->blkio_write_bytes += value;
  }
}

}  // namespace

core::Result<ContainerStats> ParseContainerStats(const std::string& body) {
  const json stats = json::parse(body, nullptr, false);
  if (!stats.is_object()) return core::Status::Error("container stats: not a JSON object");
  // Docker answers `memory_stats: {}` while a container starts or stops: no reading yet, rather
  // than a limit of 0 that a used/limit panel would divide by.
  const auto memory = stats.find("memory_stats");
  if (memory == stats.end() || !memory->is_object() || !memory->contains("limit")) {
    return core::Status::Error("container stats: no memory figures yet");
  }
  ContainerStats out;
  out.cpu_seconds =
      static_cast<double>(Number(stats, {"cpu_stats", "cpu_usage", "total_usage"})) / 1e9;
  out.cpu_throttled_periods = Number(stats, {"cpu_stats", "throttling_data", "throttled_periods"});
  out.memory_usage_bytes = Number(stats, {"memory_stats", "usage"});
  out.memory_limit_bytes = Number(stats, {"memory_stats", "limit"});
  out.pids = Number(stats, {"pids_stats", "current"});
  if (stats.contains("networks") && stats["networks"].is_object()) {
    for (const auto& [name, net] : stats["networks"].items()) {
      out.network_rx_bytes += Number(net, {"rx_bytes"});
      out.network_tx_bytes += Number(net, {"tx_bytes"});
    }
  }
  AddBlkio(stats, &out);
  return out;
}

}  // namespace drove::executor
