// Builders for Drove's JSON envelope; the literal texts here are the ones clients compare against.
#include "orchestrator/core/net/envelope.h"

namespace drove::core {

nlohmann::json SuccessEnvelope(nlohmann::json data) {
  nlohmann::json out = {{"status", "SUCCESS"}, {"message", "success"}};
  if (!data.is_null()) out["data"] = std::move(data);
  return out;
}

nlohmann::json FailedEnvelope(std::string_view message, std::optional<nlohmann::json> data) {
  nlohmann::json out = {{"status", "FAILED"}, {"message", message}};
  if (data && !data->is_null()) out["data"] = std::move(*data);
  return out;
}

nlohmann::json ValidationFailure(const std::vector<std::string>& errors) {
  return FailedEnvelope("Command validation failure", nlohmann::json{{"validationErrors", errors}});
}

nlohmann::json JsonValidationFailure(std::string_view error) {
  return FailedEnvelope("JSON validation failure",
                        nlohmann::json{{"validationErrors", {std::string(error)}}});
}

nlohmann::json NotLeaderEnvelope() {
  return FailedEnvelope("This node is not the leader controller");
}

nlohmann::json ServerErrorEnvelope(std::string_view what) {
  return FailedEnvelope("Unexpected Server error", nlohmann::json{{"failure", what}});
}

nlohmann::json FrameworkError(int code, std::string_view message) {
  return nlohmann::json{{"code", code}, {"message", message}};
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace drove::core
