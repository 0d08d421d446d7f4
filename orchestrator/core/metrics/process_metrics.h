// The standard process_* series every Prometheus client library exports (CPU time, memory, file
// descriptors, start time), read from /proc/self, so each daemon's /metrics carries them too.
#pragma once

#include "orchestrator/core/metrics/prometheus_text.h"

namespace drove::core {

// Appends process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds. A figure /proc cannot give is left out, never written as 0.
void WriteProcessMetrics(PrometheusText& out);

}  // namespace drove::core
