// The /metrics route (see metrics_route.h).
#include "orchestrator/epoch/metrics/metrics_route.h"

#include "orchestrator/core/metrics/prometheus_text.h"

namespace drove::epoch {

TopologyGauges ReadTopologyGauges(const EpochRepository& repository,
                                  const SchedulerCore& scheduler) {
  TopologyGauges gauges;
  gauges.leader = scheduler.Active();
  if (!gauges.leader) return gauges;
  for (const EpochTopologyDetails& details : repository.Topologies()) {
    ++(details.state == TopologyState::kActive ? gauges.active : gauges.paused);
  }
  return gauges;
}

void AddMetricsRoute(core::HttpServer* server, const EpochMetrics& metrics,
                     const EpochRepository& repository, const SchedulerCore& scheduler) {
  server->Route("GET", kMetricsPath,
                [&metrics, &repository, &scheduler](core::Request&, core::Responder r) {
                  r.Send(200, core::kPrometheusContentType,
                         metrics.Render(ReadTopologyGauges(repository, scheduler)));
                });
}

}  // namespace drove::epoch
