// Validation against the stored service and acceptance of local-service operations.
#include "orchestrator/controller/engine/local_service_commands.h"

#include <algorithm>

#include "orchestrator/core/model/local_service_operations.h"
#include "orchestrator/core/model/local_service_states.h"
#include "orchestrator/core/model/local_service_texts.h"

namespace drove::controller {
namespace {

namespace texts = core::local_service_texts;
using core::LocalServiceOperationType;
using nlohmann::json;

Outcome<std::string> Refuse(std::string message) {
  Outcome<std::string> out;
  out.refusal.errors.push_back(std::move(message));
  return out;
}

Outcome<std::string> Saved(const core::Status& st, const std::string& service_id) {
  if (!st.ok()) return RefuseWrite<std::string>(st);
  Outcome<std::string> out;
  out.value = service_id;
  return out;
}

LocalServiceOpRecord NewOp(const core::LocalServiceOperation& op, const CommandOptions& options,
                           int64_t now) {
  LocalServiceOpRecord record;
  record.type = op.type;
  record.stop_first = op.stop_first;
  record.parallelism = options.default_parallelism;
  record.timeout_ms = options.default_timeout_ms;
  record.started = now;
  if (op.op_spec) {
    record.parallelism = std::max(1, op.op_spec->parallelism);
    if (op.op_spec->timeout) record.timeout_ms = op.op_spec->timeout->ToMillis().count();
  }
  return record;
}

Outcome<std::string> Create(ModelState& s, const core::LocalServiceOperation& op,
                            const CommandOptions& options) {
  const std::string id = core::OperationServiceId(op);
  if (s.FindService(id) != nullptr) return Refuse(texts::AlreadyExists(id));
  if (auto error = CheckClusterRules(json(*op.spec), options); !error.empty()) {
    return Refuse(error);
  }
  const int64_t now = s.Now();
  LocalServiceRecord service;
  service.info = core::LocalServiceInfo{id, *op.spec, op.instances_per_host,
                                        core::ActivationState::kInactive, now, now};
  service.state = core::LocalServiceState::kInit;
  if (auto st = s.SaveService(service); !st.ok()) return Saved(st, id);
  service.state = core::LocalServiceState::kInactive;  // Drove: INIT, then INACTIVE at once
  return Saved(s.SaveService(service), id);
}

// HEALTHY instances among `ids` (all HEALTHY ones when `ids` is empty); the rest in `missing`.
std::vector<std::string> HealthyAmong(const ModelState& s, const std::string& service_id,
                                      const std::vector<std::string>& ids,
                                      std::vector<std::string>* missing) {
  std::vector<std::string> out;
  const InstanceMap& instances = s.ServiceInstancesOf(service_id);
  if (ids.empty()) {
    for (const auto& [id, info] : instances) {
      if (info.state == core::InstanceState::kHealthy) out.push_back(id);
    }
    return out;
  }
  for (const auto& id : ids) {
    auto it = instances.find(id);
    bool healthy = it != instances.end() && it->second.state == core::InstanceState::kHealthy;
    (healthy ? out : *missing).push_back(id);
  }
  return out;
}

// Every operation but CREATE, on an existing service in a state that allows it.
Outcome<std::string> Apply(ModelState& s, LocalServiceRecord service,
                           const core::LocalServiceOperation& requested,
                           const CommandOptions& options) {
  const core::LocalServiceOperation op = core::RestartAsReplace(requested);
  const std::string& id = service.info.service_id;
  LocalServiceOpRecord record = NewOp(op, options, s.Now());
  if (op.type == LocalServiceOperationType::kUpdateInstanceCount) {
    if (core::IsHostLevel(service.info.spec)) return Refuse(texts::kHostLevelCountUpdate);
    service.info.instances_per_host = op.instances_per_host;
  }
  if (op.type == LocalServiceOperationType::kReplaceInstances ||
      op.type == LocalServiceOperationType::kStopInstances) {
    std::vector<std::string> missing;
    record.instance_ids = HealthyAmong(s, id, op.instance_ids, &missing);
    if (!missing.empty()) {
      return Refuse(op.type == LocalServiceOperationType::kStopInstances
                        ? texts::NoHealthyInstances(missing)
                        : texts::NoReplaceableHealthyInstances(missing));
    }
  }
  if (auto activation = core::ActivationAfter(op.type)) service.info.activation_state = *activation;
  service.info.updated = s.Now();
  service.state = core::TransientStateFor(op.type);
  service.op = record;
  return Saved(s.SaveService(service), id);
}

}  // namespace

Outcome<std::string> SubmitLocalServiceOperation(ModelState& s, const json& operation,
                                                 const CommandOptions& options) {
  auto parsed = core::ParseLocalServiceOperation(operation);
  if (!parsed.ok()) return Refuse(parsed.error());
  const core::LocalServiceOperation& op = *parsed;
  if (op.type == LocalServiceOperationType::kCreate) return Create(s, op, options);
  const std::string id = core::OperationServiceId(op);
  if (id.empty()) return Refuse(texts::kNoServiceId);
  const LocalServiceRecord* service = s.FindService(id);
  if (service == nullptr) return Refuse(texts::NoStateFound(id));
  if (auto refusal = core::LocalServiceOperationRefusal(id, service->state, op.type)) {
    return Refuse(*refusal);
  }
  return Apply(s, *service, op, options);
}

bool CancelLocalServiceOperation(ModelState& s, const std::string& service_id) {
  const LocalServiceRecord* service = s.FindService(service_id);
  if (service == nullptr || !service->op) return false;
  LocalServiceRecord next = *service;
  next.op.reset();
  next.state = core::SettledState(next.info.activation_state);
  next.info.updated = s.Now();
  return s.SaveService(next).ok();
}

}  // namespace drove::controller
