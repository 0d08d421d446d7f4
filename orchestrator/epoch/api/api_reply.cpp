// Epoch's envelope and error bodies; texts from model/texts.h.
#include "orchestrator/epoch/api/api_reply.h"

#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch::api {
namespace {

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

ApiReply Envelope(int http, const char* status, const Json& data, const std::string& message) {
  Json body = {{"status", status}};
  if (!data.is_null()) body["data"] = data;
  body["message"] = message;
  return ApiReply{http, "application/json", Dump(body), {}};
}

}  // namespace

ApiReply Success(const Json& data) { return Envelope(200, "SUCCESS", data, texts::kSuccess); }

ApiReply Failed(int http, const std::string& message, const Json& data) {
  return Envelope(http, "FAILED", data, message);
}

ApiReply EpochError(int http, int code, const std::string& text) {
  return Failed(http, "[" + std::to_string(code) + "]: " + text);
}

ApiReply ValidationFailure(const std::vector<std::string>& errors) {
  return Failed(400, texts::kCommandValidationFailure, Json{{"validationErrors", errors}});
}

ApiReply JsonFailure(const std::string& error) {
  return Failed(400, texts::kJsonValidationFailure, Json{{"validationErrors", error}});
}

ApiReply ServerError(const std::string& what) {
  return Failed(500, texts::kUnexpectedServerError, Json{{"failure", what}});
}

ApiReply Empty(int http) { return ApiReply{http, "", "", {}}; }

ApiReply Raw(int http, const Json& body) {
  return ApiReply{http, "application/json", Dump(body), {}};
}

void Send(const core::Responder& responder, const ApiReply& reply) {
  if (reply.body.empty() && reply.content_type.empty()) {
    responder.Empty(reply.status, reply.headers);
    return;
  }
  responder.Send(reply.status, reply.content_type, reply.body, reply.headers);
}

}  // namespace drove::epoch::api
