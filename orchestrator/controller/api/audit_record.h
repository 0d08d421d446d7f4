// The audit record of one API call: the principal, the request line, the outcome, and the ids the
// path, the query or an operation's body names.
#pragma once

#include "orchestrator/controller/api/api_types.h"
#include "orchestrator/controller/auth/audit_trail.h"

namespace drove::controller::api {

// `principal` null: the call was not authenticated (401). Only the ids are read from the body.
AuditRecord MakeAuditRecord(const ApiRequest& request, const Principal* principal, int status);

}  // namespace drove::controller::api
