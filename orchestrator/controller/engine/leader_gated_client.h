// An ExecutorClient that sends only while this controller may act as leader.
//
// A deposed leader must not tell an executor anything: the engine may be mid-tick when the
// election's lease runs out. Checking here, right before every message leaves, covers every
// send path of the engine at once; a refused send is an ordinary "not delivered" that the engine
// would retry, and the queues are dropped when the core steps down.
#pragma once

#include <functional>
#include <memory>

#include "orchestrator/controller/engine/executor_client.h"

namespace drove::controller {

std::unique_ptr<ExecutorClient> MakeLeaderGatedClient(std::unique_ptr<ExecutorClient> inner,
                                                      std::function<bool()> may_act);

}  // namespace drove::controller
