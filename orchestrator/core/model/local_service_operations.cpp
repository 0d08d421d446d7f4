// JSON mapping of local service operations.
#include "orchestrator/core/model/local_service_operations.h"

#include <algorithm>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

using OpType = LocalServiceOperationType;

// The enum's names plus Drove's second JSON name for DEACTIVATE, matched last.
constexpr std::string_view kStopAlias = "STOP";

std::vector<std::string_view> TypeIds() {
  const auto& names = EnumInfo<OpType>::kNames;
  std::vector<std::string_view> ids(names.begin(), names.end());
  ids.push_back(kStopAlias);
  return ids;
}

OpType TypeFromIndex(size_t index) {
  return index < EnumInfo<OpType>::kNames.size() ? static_cast<OpType>(index) : OpType::kDeactivate;
}

// Drove holds instanceIds in a Set: a repeated id names one instance.
std::vector<std::string> Distinct(std::vector<std::string> ids) {
  std::vector<std::string> out;
  for (std::string& id : ids) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace

std::string OperationServiceId(const LocalServiceOperation& op) {
  if (op.type == OpType::kCreate) return op.spec ? ServiceId(*op.spec) : std::string();
  return op.service_id;
}

std::string_view LocalServiceOpSpecField(LocalServiceOperationType type) {
  switch (type) {
    case OpType::kRestart:
      return "clusterOpSpec";
    case OpType::kAdjustInstances:
    case OpType::kReplaceInstances:
    case OpType::kStopInstances:
      return "opSpec";
    case OpType::kCreate:
    case OpType::kActivate:
    case OpType::kDeactivate:
    case OpType::kDeployTestInstance:
    case OpType::kUpdateInstanceCount:
    case OpType::kDestroy:
      return "";
  }
  return "";
}

LocalServiceOperation RestartAsReplace(const LocalServiceOperation& op) {
  if (op.type != OpType::kRestart) return op;
  LocalServiceOperation replace;
  replace.type = OpType::kReplaceInstances;
  replace.service_id = op.service_id;
  replace.stop_first = op.stop_first;
  replace.op_spec = op.op_spec;
  return replace;
}

void to_json(nlohmann::json& j, const LocalServiceOperation& v) {
  j = nlohmann::json::object();
  j["type"] = v.type;
  switch (v.type) {
    case OpType::kCreate:
      SetIfPresent(j, "spec", v.spec);
      j["instancesPerHost"] = v.instances_per_host;
      break;
    case OpType::kUpdateInstanceCount:
      j["serviceId"] = v.service_id;
      j["instancesPerHost"] = v.instances_per_host;
      break;
    case OpType::kReplaceInstances:
      j["serviceId"] = v.service_id;
      j["instanceIds"] = v.instance_ids;
      j["stopFirst"] = v.stop_first;
      break;
    case OpType::kStopInstances:
      j["serviceId"] = v.service_id;
      j["instanceIds"] = v.instance_ids;
      break;
    case OpType::kRestart:
      j["serviceId"] = v.service_id;
      j["stopFirst"] = v.stop_first;
      break;
    case OpType::kActivate:
    case OpType::kDeactivate:
    case OpType::kDeployTestInstance:
    case OpType::kAdjustInstances:
    case OpType::kDestroy:
      j["serviceId"] = v.service_id;
      break;
  }
  std::string_view op_spec_field = LocalServiceOpSpecField(v.type);
  if (!op_spec_field.empty()) SetIfPresent(j, std::string(op_spec_field).c_str(), v.op_spec);
}

void ReadJson(const nlohmann::json& j, const std::string& path, LocalServiceOperation* out) {
  ObjectReader r(j, path);
  LocalServiceOperation v;
  v.type = TypeFromIndex(r.Discriminator(TypeIds()));
  switch (v.type) {
    case OpType::kCreate:
      v.spec = r.Opt<LocalServiceSpec>("spec");
      v.instances_per_host = r.Int32("instancesPerHost");
      break;
    case OpType::kUpdateInstanceCount:
      v.service_id = r.String("serviceId");
      v.instances_per_host = r.Int32("instancesPerHost");
      break;
    case OpType::kReplaceInstances:
      v.service_id = r.String("serviceId");
      v.instance_ids = Distinct(r.List<std::string>("instanceIds"));
      v.stop_first = r.Bool("stopFirst");
      break;
    case OpType::kStopInstances:
      v.service_id = r.String("serviceId");
      v.instance_ids = Distinct(r.List<std::string>("instanceIds"));
      break;
    case OpType::kRestart:
      v.service_id = r.String("serviceId");
      v.stop_first = r.Bool("stopFirst");
      break;
    case OpType::kActivate:
    case OpType::kDeactivate:
    case OpType::kDeployTestInstance:
    case OpType::kAdjustInstances:
    case OpType::kDestroy:
      v.service_id = r.String("serviceId");
      break;
  }
  std::string_view op_spec_field = LocalServiceOpSpecField(v.type);
  if (!op_spec_field.empty()) v.op_spec = r.Opt<ClusterOpSpec>(op_spec_field);
  *out = std::move(v);
}

void from_json(const nlohmann::json& j, LocalServiceOperation& v) { ReadJson(j, "", &v); }

Result<LocalServiceOperation> ParseLocalServiceOperation(const nlohmann::json& j) {
  return ParseJson<LocalServiceOperation>(j);
}

}  // namespace drove::core
