// POST .../operations for apps, tasks and local services: one path from the checked body to
// Drove's answers, with one log line per decision.
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {

ApiResponse BodyCheckFailure(const BodyCheck& check) {
  if (check.kind == BodyCheck::Kind::kJsonError) return JsonValidationFailure(check.errors);
  return CommandValidationFailure(check.errors);
}

ApiResponse SubmitCheckedOperation(ControllerCore* core, const ApiRequest& request,
                                   const BodyCheck& check, const OperationKind& kind) {
  const std::string refused = kind.noun + " operation refused";
  if (!check.ok()) {
    DLOG_INFO(refused, {{"reason", check.errors.empty() ? "" : check.errors[0]},
                                {"user", request.principal.name}});
    return BodyCheckFailure(check);
  }
  if (auto in_maintenance = RefuseInMaintenance(core, request)) return *in_maintenance;
  const std::string type = check.value.value("type", "");
  Outcome<std::string> outcome = kind.submit(check.value);
  if (!outcome.ok()) {
    DLOG_INFO(refused.c_str(),
              {{"type", type},
               {"reason", outcome.refusal.errors.empty() ? "" : outcome.refusal.errors[0]},
               {"user", request.principal.name}});
    // The store did not take it: nothing was judged, the client should retry (503).
    if (outcome.refusal.store_unavailable) return StoreUnavailable(outcome.refusal.errors.at(0));
    return CommandValidationFailure(outcome.refusal.errors);
  }
  DLOG_INFO(kind.noun + " operation accepted",
            {{"type", type}, {kind.id_key, *outcome.value}, {"user", request.principal.name}});
  return Success({{kind.id_key, *outcome.value}});
}

}  // namespace drove::controller::api
