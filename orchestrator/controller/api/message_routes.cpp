// POST /apis/v1/messages: executor -> controller messages (snapshots, state reports).
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

ApiResponse HandleMessage(ControllerCore* core, const ApiRequest& request) {
  nlohmann::json message = nlohmann::json::parse(request.body, nullptr, false);
  if (message.is_discarded() || !message.is_object()) {
    DLOG_WARN("executor message refused", {{"reason", "malformed JSON"},
                                           {"nodeId", request.principal.name}});
    return JsonValidationFailure({"message body is not a JSON object"});
  }
  core::Status status = core->HandleExecutorMessage(message);
  if (!status.ok()) {
    const auto type = message.find("type");
    const std::string type_name =
        type != message.end() && type->is_string() ? type->get<std::string>() : "";
    DLOG_WARN("executor message refused", {{"type", type_name},
                                           {"nodeId", request.principal.name},
                                           {"reason", status.message()}});
    return CommandValidationFailure({status.message()});
  }
  return Success(nullptr);
}

}  // namespace

void AddMessageRoutes(ControllerCore* core, std::vector<Route>* routes) {
  routes->push_back({"POST", "/apis/v1/messages",
                     Sync([core](const ApiRequest& request) { return HandleMessage(core, request); })});
}

}  // namespace drove::controller::api
