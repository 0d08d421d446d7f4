// JSON mapping of ClusterOpSpec.
#include "orchestrator/core/model/cluster_op_spec.h"

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {

void to_json(nlohmann::json& j, const ClusterOpSpec& v) {
  j = nlohmann::json::object();
  SetIfPresent(j, "timeout", v.timeout);
  j["parallelism"] = v.parallelism;
  SetIfPresent(j, "failureStrategy", v.failure_strategy);
}

void ReadJson(const nlohmann::json& j, const std::string& path, ClusterOpSpec* out) {
  ObjectReader r(j, path);
  ClusterOpSpec v;
  v.timeout = r.Opt<Duration>("timeout");
  v.parallelism = r.Int32("parallelism");
  v.failure_strategy = r.Opt<FailureStrategy>("failureStrategy");
  *out = v;
}

void from_json(const nlohmann::json& j, ClusterOpSpec& v) { ReadJson(j, "", &v); }

}  // namespace drove::core
