// A StateStore that times every call of the store it wraps, for
// drove_store_op_duration_seconds{op="apply"|"load"}: one decorator for ZooKeeper and SQLite.
#pragma once

#include <memory>

#include "orchestrator/core/metrics/metric_families.h"
#include "orchestrator/store/state_store.h"

namespace drove::store {

// `durations` must outlive the returned store; null returns `inner` as it is.
std::unique_ptr<StateStore> TimeStoreCalls(std::unique_ptr<StateStore> inner,
                                           core::HistogramFamily* durations);

}  // namespace drove::store
