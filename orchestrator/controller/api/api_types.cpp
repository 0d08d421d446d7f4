// Drove's response bodies: the SUCCESS/FAILED envelope and the framework-default error replies.
#include "orchestrator/controller/api/api_types.h"

#include <charconv>

#include "orchestrator/core/net/envelope.h"

namespace drove::controller::api {

std::optional<std::string> ApiRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ApiRequest::QueryAll(const std::string& name) const {
  std::vector<std::string> out;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

const std::string& ApiRequest::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

Handler Sync(std::function<ApiResponse(const ApiRequest&)> fn) {
  return [fn = std::move(fn)](const ApiRequest& request, Reply reply) { reply(fn(request)); };
}

ApiResponse Json(int status, const nlohmann::json& body) {
  ApiResponse response;
  response.status = status;
  response.body = core::DumpJson(body);
  return response;
}

ApiResponse Success(nlohmann::json data) { return Json(200, core::SuccessEnvelope(std::move(data))); }

ApiResponse SuccessWithDataText(const std::string& data_json) {
  ApiResponse response;
  // nlohmann orders keys alphabetically; the envelope's other two members follow "data".
  response.body = "{\"data\":" + data_json + ",\"message\":\"success\",\"status\":\"SUCCESS\"}";
  return response;
}

ApiResponse SoftFailure(const std::string& message, const nlohmann::json& data) {
  return Json(200, core::FailedEnvelope(message, data));
}

ApiResponse CommandValidationFailure(const std::vector<std::string>& errors) {
  return Json(400, core::ValidationFailure(errors));
}

ApiResponse JsonValidationFailure(const std::vector<std::string>& errors) {
  return Json(400, core::FailedEnvelope("JSON validation failure",
                                        nlohmann::json{{"validationErrors", errors}}));
}

ApiResponse CancelFailure() {
  return Json(400, core::FailedEnvelope("Current operation could not be cancelled"));
}

ApiResponse ServerError(const std::string& failure) {
  return Json(500, core::ServerErrorEnvelope(failure));
}

ApiResponse Unauthorized() {
  ApiResponse response;
  response.status = 401;
  response.content_type = "text/plain";
  response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"realm\"");
  response.body = "Credentials are required to access this resource.";
  return response;
}

ApiResponse Forbidden() {
  return Json(403, core::FrameworkError(403, "User not authorized."));
}

ApiResponse NotLeader() {
  return Json(400, core::FailedEnvelope("This node is not the leader controller"));
}

ApiResponse StoreUnavailable(const std::string& error) {
  return Json(503, core::FailedEnvelope("Store unavailable: " + error));
}

ApiResponse NotFound() { return Json(404, core::FrameworkError(404, "HTTP 404 Not Found")); }

std::optional<int64_t> QueryInt(const ApiRequest& request, const std::string& name,
                                int64_t default_value) {
  auto text = request.Query(name);
  if (!text) return default_value;
  int64_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  if (!text->empty() && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return value;
}

}  // namespace drove::controller::api
