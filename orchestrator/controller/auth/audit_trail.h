// The controller's names for the shared audit trail (core/auth/audit_trail.h); its records are
// made by api/audit_record.cpp.
#pragma once

#include "orchestrator/core/auth/audit_trail.h"

namespace drove::controller {

using core::AuditRecord;
using core::AuditTrail;

}  // namespace drove::controller
