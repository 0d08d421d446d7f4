// JSON mapping of the local-service record and the instance shape conversions.
#include "orchestrator/controller/model/local_service_record.h"

#include "orchestrator/controller/model/records.h"
#include "orchestrator/core/model/json_fields.h"

namespace drove::controller {
namespace {

using nlohmann::json;

json OpToJson(const LocalServiceOpRecord& op) {
  return json{{"type", core::ToString(op.type)}, {"instanceIds", op.instance_ids},
              {"stopFirst", op.stop_first},      {"parallelism", op.parallelism},
              {"timeoutMs", op.timeout_ms},      {"started", op.started}};
}

core::Result<LocalServiceOpRecord> OpFromJson(const json& j) {
  LocalServiceOpRecord op;
  auto type = core::ParseEnum<core::LocalServiceOperationType>(StrField(j, "type"));
  if (!type) return core::Result<LocalServiceOpRecord>::Error("operation type unknown");
  op.type = *type;
  if (auto it = j.find("instanceIds"); it != j.end() && it->is_array()) {
    for (const auto& id : *it) {
      if (id.is_string()) op.instance_ids.push_back(id.get<std::string>());
    }
  }
  op.stop_first = j.value("stopFirst", false);
  op.parallelism = static_cast<int>(IntField(j, "parallelism", 1));
  op.timeout_ms = IntField(j, "timeoutMs", op.timeout_ms);
  op.started = IntField(j, "started");
  return op;
}

}  // namespace

json LocalServiceToJson(const LocalServiceRecord& record) {
  json j{{"info", record.info}, {"state", core::ToString(record.state)}};
  if (record.op) j["operation"] = OpToJson(*record.op);
  return j;
}

core::Result<LocalServiceRecord> LocalServiceFromJson(const json& j) {
  using R = core::Result<LocalServiceRecord>;
  if (!j.is_object() || !j.contains("info")) return R::Error("local service without info");
  LocalServiceRecord record;
  try {
    record.info = j.at("info").get<core::LocalServiceInfo>();
  } catch (const std::exception& e) {
    return R::Error(std::string("local service info: ") + e.what());
  }
  auto state = core::ParseEnum<core::LocalServiceState>(StrField(j, "state"));
  if (!state) return R::Error("local service state unknown");
  record.state = *state;
  if (auto it = j.find("operation"); it != j.end() && it->is_object()) {
    auto op = OpFromJson(*it);
    if (!op.ok()) return op.status();
    record.op = std::move(op).value();
  }
  return record;
}

core::LocalServiceInstanceInfo ToServiceInstance(const core::InstanceInfo& info) {
  return core::LocalServiceInstanceInfo{info.app_id,     info.app_name,   info.instance_id,
                                        info.executor_id, info.local_info, info.resources,
                                        info.state,       info.metadata,   info.error_message,
                                        info.created,     info.updated};
}

core::InstanceInfo FromServiceInstance(const core::LocalServiceInstanceInfo& info) {
  return core::InstanceInfo{info.service_id,  info.service_name, info.instance_id,
                            info.executor_id, info.local_info,   info.resources,
                            info.state,       info.metadata,     info.error_message,
                            info.created,     info.updated};
}

}  // namespace drove::controller
