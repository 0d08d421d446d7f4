// Local service operations (drove-api.md 2.4): POST /localservices/operations bodies, also stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/model/cluster_op_spec.h"
#include "orchestrator/core/model/enums.h"
#include "orchestrator/core/model/local_service_spec.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

// One struct for every type; only the fields of `type` are read and emitted:
//   CREATE                spec, instancesPerHost
//   ACTIVATE, DEACTIVATE  serviceId                   (`STOP` is read as DEACTIVATE)
//   DEPLOY_TEST_INSTANCE  serviceId
//   DESTROY               serviceId
//   ADJUST_INSTANCES      serviceId, opSpec?
//   RESTART               serviceId, stopFirst, clusterOpSpec?   (not `opSpec`: Drove's name)
//   REPLACE_INSTANCES     serviceId, instanceIds (empty = all), stopFirst, opSpec?
//   STOP_INSTANCES        serviceId, instanceIds, opSpec?
//   UPDATE_INSTANCE_COUNT serviceId, instancesPerHost
// An absent opSpec means the cluster default. Properties a type does not have are ignored on
// input (the CLI sends `opSpec` on RESTART, which Drove drops).
struct LocalServiceOperation {
  LocalServiceOperationType type = LocalServiceOperationType::kCreate;
  std::optional<LocalServiceSpec> spec;
  int32_t instances_per_host = 0;          // `instancesPerHost`; absent = 0, which is invalid
  std::string service_id;                  // `serviceId`
  std::vector<std::string> instance_ids;   // `instanceIds`, a set: duplicates dropped on input
  bool stop_first = false;                 // `stopFirst`
  std::optional<ClusterOpSpec> op_spec;    // wire name from LocalServiceOpSpecField(type)

  bool operator==(const LocalServiceOperation&) const = default;
};

// The service the operation targets: ServiceId(spec) for CREATE (empty if no spec), else serviceId.
std::string OperationServiceId(const LocalServiceOperation& op);

// JSON name of the op spec for `type`: "clusterOpSpec" for RESTART, "opSpec" for ADJUST_INSTANCES,
// REPLACE_INSTANCES and STOP_INSTANCES, empty for the types that carry none.
std::string_view LocalServiceOpSpecField(LocalServiceOperationType type);

// What Drove's engine runs for RESTART: REPLACE_INSTANCES of every instance with the same
// stopFirst and op spec. Any other operation is returned unchanged.
LocalServiceOperation RestartAsReplace(const LocalServiceOperation& op);

void to_json(nlohmann::json& j, const LocalServiceOperation& v);    // NOLINT
void from_json(const nlohmann::json& j, LocalServiceOperation& v);  // NOLINT: throws ParseError
void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceOperation* out);
// Shape errors only (unknown `type`, wrong JSON types, bad spec or opSpec); never throws.
Result<LocalServiceOperation> ParseLocalServiceOperation(const nlohmann::json& j);

}  // namespace drove::core
