// `opSpec` (ClusterOpSpec): timeout, parallelism and failure strategy of an operation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/duration.h"
#include "orchestrator/core/model/enums.h"

namespace drove::core {

struct ClusterOpSpec {
  static constexpr int32_t kDefaultParallelism = 1;
  static constexpr int32_t kMaxParallelism = 512;

  std::optional<Duration> timeout = Duration::Seconds(300);                // required
  int32_t parallelism = kDefaultParallelism;                               // 1..512
  std::optional<FailureStrategy> failure_strategy = FailureStrategy::kStop;  // required

  // Drove's default: 300 seconds / 1 / STOP.
  static ClusterOpSpec Default() { return ClusterOpSpec{}; }
  bool operator==(const ClusterOpSpec&) const = default;
};

void to_json(nlohmann::json& j, const ClusterOpSpec& v);    // NOLINT
void from_json(const nlohmann::json& j, ClusterOpSpec& v);  // NOLINT
// Absent properties stay absent (timeout/failureStrategy nullopt, parallelism 0) so validation
// can report them; defaults only apply when the whole opSpec is absent.
void ReadJson(const nlohmann::json& j, const std::string& path, ClusterOpSpec* out);

}  // namespace drove::core
