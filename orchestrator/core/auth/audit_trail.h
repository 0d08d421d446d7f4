// The audit trail: one JSON line per audited API call (who, from where, what, the outcome and the
// ids it names: the controller's app and task ids, drove-epoch's topology and run ids), to its own
// rotated file or, without one, to the daemon's log. Never a body, a header or a secret: the record
// has no field that could carry one.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "orchestrator/core/auth/auth_config.h"
#include "orchestrator/core/auth/rotating_file.h"
#include "orchestrator/core/util/clock.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

struct AuditRecord {
  std::string user;    // principal name; "" when the call was not authenticated
  std::string role;    // Drove's role name; "" when not authenticated
  std::string auth;    // how the caller authenticated (SchemeName), "none" when it did not
  std::string remote;  // client address
  std::string method;
  std::string path;  // without the query string
  int status = 0;
  std::map<std::string, std::string> ids = {};  // appId, taskId, ..., topologyId, runId, ...
};

class AuditTrail {
 public:
  // `config.file` empty: lines go to the log as `ACCESS_AUDIT` (Drove's marker). Fails when the
  // file cannot be opened. `clock` must outlive the trail.
  static Result<std::unique_ptr<AuditTrail>> Open(const AuditConfig& config,
                                                  const std::vector<std::string>& audited_methods,
                                                  const Clock* clock = &SystemClock::Instance());
  // What Open would refuse, with its message, without creating the file (`--check`).
  static Status Check(const AuditConfig& config);

  bool Audits(std::string_view method) const { return methods_.count(std::string(method)) > 0; }

  // Thread-safe. A line that cannot be written is reported in the log, never dropped silently.
  void Record(const AuditRecord& record);

 private:
  AuditTrail(std::set<std::string> methods, std::unique_ptr<RotatingFile> file, const Clock* clock)
      : methods_(std::move(methods)), file_(std::move(file)), clock_(clock) {}

  const std::set<std::string> methods_;
  const std::unique_ptr<RotatingFile> file_;  // null: the log
  const Clock* clock_;
};

}  // namespace drove::core
