// ControllerCoreImpl: the local-service operations and reads, and the internal cluster reads
// executors reconcile with (drove-api.md 2.4, 2.7).
#include "orchestrator/controller/engine/controller_core_impl.h"
#include "orchestrator/controller/engine/local_service_commands.h"
#include "orchestrator/controller/engine/views.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {

using nlohmann::json;

Outcome<std::string> ControllerCoreImpl::SubmitLocalServiceOperation(const json& operation) {
  auto outcome = model_.Update([&](ModelState& s) {
    return controller::SubmitLocalServiceOperation(s, operation, commands_);
  });
  if (!outcome.ok()) return RefuseWrite<std::string>(outcome.status());
  if (outcome->ok()) engine_.Signal();
  return *outcome;
}

bool ControllerCoreImpl::CancelLocalServiceOperation(const std::string& service_id) {
  auto cancelled = model_.Update(
      [&](ModelState& s) { return controller::CancelLocalServiceOperation(s, service_id); });
  if (!cancelled.ok()) {
    DLOG_ERROR("operation not cancelled", {{"serviceId", service_id}, {"error", cancelled.error()}});
    return false;
  }
  if (*cancelled) engine_.Signal();
  return *cancelled;
}

json ControllerCoreImpl::ListLocalServices(int64_t from, int64_t size) {
  return model_.Read([&](const ModelState& s) {
    json out = json::object();
    int64_t index = 0;
    for (const auto& [id, service] : s.services()) {
      if (index++ < from) continue;
      if (static_cast<int64_t>(out.size()) >= size) break;
      out[id] = LocalServiceSummaryJson(s, service);
    }
    return out;
  });
}

std::optional<json> ControllerCoreImpl::LocalServiceSummary(const std::string& service_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    const LocalServiceRecord* service = s.FindService(service_id);
    if (service == nullptr) return std::nullopt;
    return LocalServiceSummaryJson(s, *service);
  });
}

std::optional<json> ControllerCoreImpl::LocalServiceSpec(const std::string& service_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    const LocalServiceRecord* service = s.FindService(service_id);
    if (service == nullptr) return std::nullopt;
    return json(service->info.spec);
  });
}

std::optional<json> ControllerCoreImpl::LocalServiceInstances(const std::string& service_id,
                                                              bool old) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    if (s.FindService(service_id) == nullptr) return std::nullopt;
    json out = json::array();
    for (const auto& [id, info] : s.ServiceInstancesOf(service_id)) {
      if (core::IsActive(info.state) != old) out.push_back(ToServiceInstance(info));
    }
    return out;
  });
}

std::optional<json> ControllerCoreImpl::LocalServiceInstance(const std::string& service_id,
                                                             const std::string& instance_id) {
  return model_.Read([&](const ModelState& s) -> std::optional<json> {
    if (!IsServiceInstanceId(instance_id)) return std::nullopt;
    const core::InstanceInfo* info = s.FindInstance(service_id, instance_id);
    if (info == nullptr) return std::nullopt;
    return json(ToServiceInstance(*info));
  });
}

json ControllerCoreImpl::ReservedResources() {
  return model_.Read([](const ModelState& s) { return s.ReservedResources(); });
}

std::optional<json> ControllerCoreImpl::ExecutorInstanceIds(const std::string& executor_id,
                                                           bool last) {
  return model_.Read(
      [&](const ModelState& s) { return s.ExecutorInstanceIds(executor_id, last); });
}

}  // namespace drove::controller
