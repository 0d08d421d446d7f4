// Counting finished operations, store calls and leadership changes (see controller_metrics.h).
#include "orchestrator/controller/engine/controller_metrics.h"

#include <algorithm>
#include <map>

namespace drove::controller {

ControllerMetrics::ControllerMetrics()
    : operations_("drove_operations_total",
                  "Application operations finished, by operation type and result (completed, "
                  "timed_out, cancelled)."),
      operation_durations_("drove_operation_duration_seconds",
                           "Wall time of finished application operations, from submission to "
                           "their end, by operation type.",
                           core::LongSecondsBounds()),
      store_durations_("drove_store_op_duration_seconds",
                       "Time of each call to the state store (ZooKeeper or SQLite), by call: "
                       "apply (a write) or load.",
                       core::FastSecondsBounds()),
      transitions_("drove_instance_transitions_total",
                   "State changes of instances (kind app or local_service) and tasks (kind task) "
                   "this controller recorded while leading, by the state entered.") {}

void ControllerMetrics::OnEvent(const EventPtr& event) {
  static const std::map<std::string, std::string, std::less<>> kKinds = {
      {"INSTANCE_STATE_CHANGE", "app"},
      {"LOCAL_SERVICE_INSTANCE_STATE_CHANGE", "local_service"},
      {"TASK_STATE_CHANGE", "task"}};
  auto kind = kKinds.find(event->json.value("type", ""));
  if (kind == kKinds.end()) return;
  auto metadata = event->json.find("metadata");
  if (metadata == event->json.end() || !metadata->is_object()) return;
  std::string to = metadata->value("CURRENT_STATE", "");
  if (!to.empty()) transitions_.Add({{"kind", kind->second}, {"to", std::move(to)}});
}

std::string OperationLabel(const OperationRecord& op) {
  return op.source_type.empty() ? std::string(OpKindName(op.kind)) : op.source_type;
}

void ControllerMetrics::OperationFinished(const OperationRecord& op, std::string_view result,
                                          int64_t now_ms) {
  const std::string label = OperationLabel(op);
  operations_.Add({{"op", label}, {"result", std::string(result)}});
  const int64_t elapsed_ms = std::max<int64_t>(0, now_ms - op.started);
  operation_durations_.Observe({{"op", label}}, static_cast<double>(elapsed_ms) / 1000.0);
}

void ControllerMetrics::WriteTo(core::PrometheusText& out) const {
  operations_.WriteTo(out);
  operation_durations_.WriteTo(out);
  store_durations_.WriteTo(out);
  transitions_.WriteTo(out);
  out.Family("drove_leader_changes_total", core::MetricType::kCounter,
             "Times this controller became leader or stopped leading.");
  out.Sample("drove_leader_changes_total", {}, leader_changes_.load(std::memory_order_relaxed));
}

}  // namespace drove::controller
