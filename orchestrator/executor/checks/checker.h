// One-shot health/readiness probes with Drove's semantics: HTTP against the instance's host
// port, or a command run inside the container.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "orchestrator/core/model/checks.h"
#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

struct CheckResult {
  bool healthy = false;
  std::string message;
};

class Checker {
 public:
  virtual ~Checker() = default;
  virtual CheckResult Check() = 0;
};

// host_ports: port name -> host port (the instance's localInfo.ports).
std::unique_ptr<Checker> MakeChecker(const core::CheckModeSpec& mode,
                                     std::chrono::milliseconds timeout, Engine& engine,
                                     const std::string& container_id,
                                     const std::map<std::string, int>& host_ports);

}  // namespace drove::executor
