// PlanLocalService: desired instances per executor, then the running operation's rules.
#include "orchestrator/controller/engine/local_service_planner.h"

#include <algorithm>
#include <map>
#include <set>

namespace drove::controller {
namespace {

using core::ActivationState;
using core::InstanceState;
using core::LocalServiceOperationType;

// Executor -> instances wanted there.
std::map<std::string, int> DesiredCounts(const LocalServicePlanInput& in) {
  std::map<std::string, int> desired;
  const auto& info = in.service.info;
  if (in.executors.empty()) return desired;
  if (info.activation_state == ActivationState::kActive) {
    for (const auto& e : in.executors) desired[e] = info.instances_per_host;
  } else if (info.activation_state == ActivationState::kConfigTesting) {
    // Keep the test instance where it runs; else the first eligible host.
    std::string host = in.executors.front();
    for (const auto& i : in.active) {
      bool eligible = std::binary_search(in.executors.begin(), in.executors.end(), i.executor_id);
      if (!i.stopping && eligible) {
        host = i.executor_id;
        break;
      }
    }
    desired[host] = 1;
  }
  return desired;
}

// The instances the operation acts on now: the listed ones still active, `parallelism` at a time
// for a replace, all of them for a stop.
std::set<std::string> Targets(const LocalServicePlanInput& in) {
  std::set<std::string> targets;
  const auto& op = in.service.op;
  if (!op || (op->type != LocalServiceOperationType::kReplaceInstances &&
              op->type != LocalServiceOperationType::kStopInstances)) {
    return targets;
  }
  const size_t limit = op->type == LocalServiceOperationType::kReplaceInstances
                           ? static_cast<size_t>(std::max(op->parallelism, 1))
                           : op->instance_ids.size();
  for (const auto& id : op->instance_ids) {
    if (targets.size() >= limit) break;
    auto it = std::find_if(in.active.begin(), in.active.end(),
                           [&](const ServiceInstanceView& i) { return i.instance_id == id; });
    if (it != in.active.end()) targets.insert(id);
  }
  return targets;
}

bool AnyListedActive(const LocalServicePlanInput& in) {
  for (const auto& id : in.service.op->instance_ids) {
    for (const auto& i : in.active) {
      if (i.instance_id == id) return true;
    }
  }
  return false;
}

struct HostTally {
  std::vector<const ServiceInstanceView*> live;  // counted towards the host's desired count
  int holding = 0;                               // going away, but holding a slot until gone
  int healthy = 0;                               // HEALTHY among `live`
};

// Spare instances on a host: the least useful first (not HEALTHY, then the newest).
std::vector<std::string> Extras(std::vector<const ServiceInstanceView*> live, int desired) {
  std::stable_sort(live.begin(), live.end(), [](const auto* a, const auto* b) {
    bool a_ok = a->state == InstanceState::kHealthy;
    bool b_ok = b->state == InstanceState::kHealthy;
    if (a_ok != b_ok) return !a_ok;
    return a->created > b->created;
  });
  std::vector<std::string> out;
  for (size_t k = 0; k + desired < live.size(); ++k) out.push_back(live[k]->instance_id);
  return out;
}

}  // namespace

LocalServicePlan PlanLocalService(const LocalServicePlanInput& in) {
  LocalServicePlan plan;
  const auto& op = in.service.op;
  const std::map<std::string, int> desired = DesiredCounts(in);
  const std::set<std::string> targets = Targets(in);
  const bool stop_first = op && op->stop_first;
  const bool replacing = op && op->type == LocalServiceOperationType::kReplaceInstances;

  std::map<std::string, HostTally> hosts;
  std::vector<const ServiceInstanceView*> start_first_olds;
  for (const auto& i : in.active) {
    HostTally& host = hosts[i.executor_id];
    const bool target = targets.contains(i.instance_id);
    if (i.stopping) {
      ++host.holding;
    } else if (!desired.contains(i.executor_id)) {
      plan.stop.push_back(i.instance_id);  // its host no longer wants it (blacklisted, inactive)
    } else if (target && (stop_first || !replacing)) {
      plan.stop.push_back(i.instance_id);  // stop-first replace, or a stop: goes now
      ++host.holding;
    } else if (target) {
      start_first_olds.push_back(&i);  // replaced once the host is whole without it
    } else {
      host.live.push_back(&i);
      if (i.state == InstanceState::kHealthy) ++host.healthy;
    }
  }

  bool converged = true;
  for (const auto& [executor, want] : desired) {
    HostTally& host = hosts[executor];
    const int slots = static_cast<int>(host.live.size()) + host.holding;
    for (int k = slots; k < want && in.may_place; ++k) plan.place_on.push_back(executor);
    for (auto& id : Extras(host.live, want)) plan.stop.push_back(std::move(id));
    if (host.healthy != want || host.holding > 0) converged = false;
  }
  for (const auto* old : start_first_olds) {
    auto it = desired.find(old->executor_id);
    if (hosts[old->executor_id].healthy >= it->second) plan.stop.push_back(old->instance_id);
    converged = false;
  }
  // Instances on hosts nobody wants keep the service from settling until they are gone.
  for (const auto& i : in.active) {
    if (!desired.contains(i.executor_id)) converged = false;
  }

  if (!op) return plan;
  if (in.now - op->started > op->timeout_ms) {
    plan.finish = plan.timed_out = true;
    return plan;
  }
  switch (op->type) {
    case LocalServiceOperationType::kDestroy:
      plan.destroy = in.active.empty();
      break;
    case LocalServiceOperationType::kDeactivate:
      plan.finish = in.active.empty();
      break;
    case LocalServiceOperationType::kStopInstances:
      plan.finish = !AnyListedActive(in);
      break;
    case LocalServiceOperationType::kReplaceInstances:
      plan.finish = !AnyListedActive(in) && converged;
      break;
    default:
      plan.finish = converged;
      break;
  }
  return plan;
}

}  // namespace drove::controller
