// OperationsEngine: the local services' pass of each tick (Drove's LocalServiceMonitor and its
// operations), planned by PlanLocalService and applied through the model.
#include <algorithm>

#include "orchestrator/controller/engine/operations_engine.h"
#include "orchestrator/core/model/local_service_states.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

struct ServiceSnapshot {
  LocalServiceRecord service;
  std::vector<std::string> executors;
  std::vector<ServiceInstanceView> active;
  int64_t last_failure = 0;
};

// The planned record still is the stored one: no API call changed the operation meanwhile.
bool Unchanged(const LocalServiceRecord* current, const LocalServiceRecord& planned) {
  return current != nullptr && current->op == planned.op && current->state == planned.state;
}

}  // namespace

void OperationsEngine::DriveLocalServices(bool in_maintenance) {
  std::vector<ServiceSnapshot> snapshots = model_->Read([&](const ModelState& s) {
    std::vector<ServiceSnapshot> out;
    for (const auto& [service_id, service] : s.services()) {
      ServiceSnapshot snap{service, s.ServiceExecutors(service_id), {}, s.LastFailure(service_id)};
      for (const auto& [id, info] : s.ServiceInstancesOf(service_id)) {
        if (!core::IsActive(info.state)) continue;
        snap.active.push_back(ServiceInstanceView{id, info.executor_id, info.state, info.created,
                                                  instance_stops_.contains(id)});
      }
      std::sort(snap.active.begin(), snap.active.end(),
                [](const auto& a, const auto& b) { return a.created < b.created; });
      out.push_back(std::move(snap));
    }
    return out;
  });
  const int64_t now = now_();
  for (const auto& snap : snapshots) {
    const std::string& id = snap.service.info.service_id;
    auto backoff = service_backoff_.find(id);
    // In maintenance the monitor replaces nothing (as for apps); operations still run.
    const bool may_place = (!in_maintenance || snap.service.op) &&
                           now - snap.last_failure >= options_.start_backoff_ms &&
                           (backoff == service_backoff_.end() || now >= backoff->second);
    LocalServicePlanInput input{snap.service, snap.executors, snap.active, now, may_place};
    ApplyServicePlan(snap.service, PlanLocalService(input));
  }
}

void OperationsEngine::ApplyServicePlan(const LocalServiceRecord& planned,
                                        const LocalServicePlan& plan) {
  const std::string& id = planned.info.service_id;
  core::Status st;
  if (plan.destroy) {
    st = model_->Update([&](ModelState& s) {
      return Unchanged(s.FindService(id), planned) ? s.DestroyService(id) : core::Status::Ok();
    });
  } else if (plan.finish) {
    if (plan.timed_out) {
      DLOG_ERROR("local service operation timed out",
                 {{"serviceId", id}, {"operation", core::ToString(planned.op->type)}});
    }
    st = model_->Update([&](ModelState& s) {
      if (!Unchanged(s.FindService(id), planned)) return core::Status::Ok();
      LocalServiceRecord next = planned;
      next.op.reset();
      next.state = core::SettledState(next.info.activation_state);
      next.info.updated = s.Now();
      return s.SaveService(next);
    });
  }
  if (!st.ok()) {
    DLOG_ERROR("cannot save local service", {{"serviceId", id}, {"error", st.message()}});
    return;
  }
  for (const auto& executor_id : plan.place_on) {
    auto placed =
        model_->Update([&](ModelState& s) { return s.PlaceServiceInstance(id, executor_id); });
    if (!placed.ok()) {
      DLOG_WARN("cannot place local service instance",
                {{"serviceId", id}, {"executorId", executor_id}, {"reason", placed.error()}});
      service_backoff_[id] = now_() + options_.start_backoff_ms;
      break;
    }
    instance_starts_[placed->instance_id] = Pending{id, 0, std::nullopt};
  }
  for (const auto& instance_id : plan.stop) {
    DLOG_INFO("stopping local service instance", {{"serviceId", id}, {"instanceId", instance_id}});
    instance_stops_[instance_id] = Pending{id, 0, std::nullopt};
  }
}

}  // namespace drove::controller
