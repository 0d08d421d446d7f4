// The per-operation rules: scale, stop, replace (stop first or start first), destroy, and the monitor.
#include "orchestrator/controller/engine/app_planner.h"

#include <algorithm>
#include <set>

#include "orchestrator/scheduler/victims.h"

namespace drove::controller {
namespace {

using core::InstanceState;

bool Stopping(const InstanceView& i) {
  return i.stop_requested || i.state == InstanceState::kStopping ||
         i.state == InstanceState::kDeprovisioning;
}
bool Healthy(const InstanceView& i) { return i.state == InstanceState::kHealthy; }

int Clamp(int64_t n) { return n < 0 ? 0 : static_cast<int>(n); }

// Stop order for a scale-down: instances not yet healthy first (newest first), then healthy
// ones chosen by the scheduler so the app stays spread across executors.
std::vector<std::string> ChooseScaleDownVictims(const std::vector<const InstanceView*>& serving,
                                                size_t count) {
  std::vector<const InstanceView*> unhealthy;
  std::vector<scheduler::InstanceRef> healthy;
  for (const auto* i : serving) {
    if (Healthy(*i)) {
      healthy.push_back({i->instance_id, i->executor_id, i->created});
    } else {
      unhealthy.push_back(i);
    }
  }
  std::sort(unhealthy.begin(), unhealthy.end(),
            [](const auto* a, const auto* b) { return a->created > b->created; });
  std::vector<std::string> out;
  for (const auto* i : unhealthy) {
    if (out.size() < count) out.push_back(i->instance_id);
  }
  if (out.size() < count) {
    for (const auto& ref : scheduler::ChooseVictims(healthy, count - out.size())) {
      out.push_back(ref.instance_id);
    }
  }
  return out;
}

void PlanScale(const PlanInput& in, const OperationRecord& op, Plan* plan) {
  std::vector<const InstanceView*> serving;
  int starting = 0, stopping = 0;
  for (const auto& i : in.active) {
    if (Stopping(i)) {
      ++stopping;
      continue;
    }
    serving.push_back(&i);
    if (!Healthy(i)) ++starting;
  }
  const int64_t target = op.target;
  const int n = static_cast<int>(serving.size());
  if (n < target && in.may_start) {
    plan->start = std::min(Clamp(target - n), Clamp(op.parallelism - starting));
  }
  if (n > target) {
    size_t count = std::min(Clamp(n - target), Clamp(op.parallelism - stopping));
    plan->stop = ChooseScaleDownVictims(serving, count);
  }
  plan->finish = n == target && starting == 0 && stopping == 0;
}

void PlanStop(const PlanInput& in, const OperationRecord& op, Plan* plan) {
  std::set<std::string> listed(op.instance_ids.begin(), op.instance_ids.end());
  int in_flight = 0;
  std::vector<std::string> candidates;
  bool any_listed = false;
  for (const auto& i : in.active) {
    if (!listed.contains(i.instance_id)) continue;
    any_listed = true;
    if (Stopping(i)) {
      ++in_flight;
    } else {
      candidates.push_back(i.instance_id);
    }
  }
  size_t allowed = Clamp(op.parallelism - in_flight);
  for (size_t k = 0; k < candidates.size() && k < allowed; ++k) plan->stop.push_back(candidates[k]);
  plan->finish = !any_listed;
}

// Replace: listed instances give way to new ones, `parallelism` at a time. Start-first keeps the
// healthy count at or above the required count; stop-first never runs more than it.
void PlanReplace(const PlanInput& in, const OperationRecord& op, Plan* plan) {
  std::set<std::string> listed(op.instance_ids.begin(), op.instance_ids.end());
  std::vector<std::string> listed_serving;
  int listed_stopping = 0, new_serving = 0, new_starting = 0, new_healthy = 0;
  for (const auto& i : in.active) {
    if (listed.contains(i.instance_id)) {
      if (Stopping(i)) {
        ++listed_stopping;
      } else {
        listed_serving.push_back(i.instance_id);
      }
    } else if (!Stopping(i)) {
      ++new_serving;
      if (Healthy(i)) {
        ++new_healthy;
      } else {
        ++new_starting;
      }
    }
  }
  const int64_t required = in.app.instances;
  const int total_active = static_cast<int>(in.active.size());
  int stops = 0;
  if (!op.stop_first) {
    // An old instance still stopping, or being stopped by this very plan, holds its slot of the
    // wave: the next new one starts after it is gone, so no more than required + parallelism
    // containers ever run (a leader that dies between sending the stop and the start would
    // otherwise leave one more running).
    int64_t surplus = new_healthy + static_cast<int64_t>(listed_serving.size()) - required;
    stops = std::min(Clamp(surplus), Clamp(op.parallelism - listed_stopping));
    stops = std::min(stops, static_cast<int>(listed_serving.size()));
    if (in.may_start) {
      plan->start = std::min(Clamp(required - new_serving),
                             Clamp(op.parallelism - new_starting - listed_stopping - stops));
    }
  } else {
    if (in.may_start) {
      plan->start = std::min(Clamp(required - total_active), Clamp(op.parallelism - new_starting));
    }
    stops = Clamp(op.parallelism - listed_stopping - new_starting - plan->start);
  }
  for (int k = 0; k < stops && k < static_cast<int>(listed_serving.size()); ++k) {
    plan->stop.push_back(listed_serving[k]);
  }
  plan->finish = listed_serving.empty() && listed_stopping == 0 && new_starting == 0 &&
                 new_serving >= required;
}

void PlanDestroy(const PlanInput& in, const OperationRecord& op, Plan* plan) {
  int in_flight = 0;
  for (const auto& i : in.active) {
    if (Stopping(i)) {
      ++in_flight;
    } else if (static_cast<int>(plan->stop.size()) + in_flight < op.parallelism) {
      plan->stop.push_back(i.instance_id);
    }
  }
  plan->destroy = in.active.empty();
}

// No operation: keep a RUNNING app at its required count (Drove's app monitor), and move an app
// left in a transient state (crash between writes) to where it should be.
void PlanMonitor(const PlanInput& in, Plan* plan) {
  const AppRecord& app = in.app;
  int serving = 0;
  for (const auto& i : in.active) serving += Stopping(i) ? 0 : 1;
  bool stable = app.state == core::ApplicationState::kRunning ||
                app.state == core::ApplicationState::kMonitoring;
  bool short_of_instances = app.instances > 0 && serving < app.instances;
  if (short_of_instances && (app.state == core::ApplicationState::kRunning || !stable)) {
    if (!in.detect_outages) return;  // replaced once the maintenance window is over
    OperationRecord op;
    op.app_id = app.app_id;
    op.kind = OpKind::kScale;
    op.source_type = "MONITOR";
    op.target = app.instances;
    op.parallelism = in.default_parallelism;
    op.timeout_ms = in.default_timeout_ms;
    op.started = in.now;
    plan->new_op = op;
    plan->new_state = core::ApplicationState::kScalingRequested;
    return;
  }
  if (!stable && !short_of_instances) plan->new_state = StableState(app);
}

}  // namespace

core::ApplicationState StableState(const AppRecord& app) {
  return app.instances == 0 ? core::ApplicationState::kMonitoring
                            : core::ApplicationState::kRunning;
}

Plan PlanApp(const PlanInput& in) {
  Plan plan;
  if (!in.op) {
    PlanMonitor(in, &plan);
    return plan;
  }
  const OperationRecord& op = *in.op;
  if (in.now - op.started > op.timeout_ms) {
    plan.finish = true;
    plan.timed_out = true;
    return plan;
  }
  switch (op.kind) {
    case OpKind::kScale: PlanScale(in, op, &plan); break;
    case OpKind::kStopInstances: PlanStop(in, op, &plan); break;
    case OpKind::kReplaceInstances: PlanReplace(in, op, &plan); break;
    case OpKind::kDestroy: PlanDestroy(in, op, &plan); break;
  }
  return plan;
}

}  // namespace drove::controller
