// The audit record of one drove-epoch API call: the principal, the request line, the outcome, and
// the topology, run and task the path, the body or the reply names.
#pragma once

#include "orchestrator/core/auth/audit_trail.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/epoch/api/epoch_auth.h"

namespace drove::epoch::api {

// `principal` null: the call was not authenticated (401), and its body is not read.
// `reply_body`: the JSON answered, whose `data.runId` names the run a run-now started.
core::AuditRecord MakeAuditRecord(const core::Request& request, const EpochPrincipal* principal,
                                  int status, const std::string& reply_body = "");

}  // namespace drove::epoch::api
