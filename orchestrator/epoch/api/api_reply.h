// What an Epoch API handler answers, and the builders of Epoch's envelopes and error bodies
// (epoch-api.md section 0): {"status","data","message"} in that key order, `data` left out when
// null.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch::api {

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  core::HeaderList headers;
};

// 200 {"status":"SUCCESS","data":data,"message":"success"}
ApiReply Success(const Json& data);
// `http` {"status":"FAILED","data":data,"message":message}; data left out when null.
ApiReply Failed(int http, const std::string& message, const Json& data = Json());
// EpochError: `http` {"status":"FAILED","message":"[<code>]: <text>"}.
ApiReply EpochError(int http, int code, const std::string& text);
// 400 {"status":"FAILED","data":{"validationErrors":[...]},"message":"Command validation failure"}
ApiReply ValidationFailure(const std::vector<std::string>& errors);
// 400 {"status":"FAILED","data":{"validationErrors":"<text>"},"message":"JSON validation failure"}
// (a string, not a list: Epoch's mapper passes Jackson's message through).
ApiReply JsonFailure(const std::string& error);
// 500 {"status":"FAILED","data":{"failure":what},"message":"Unexpected Server error"}
ApiReply ServerError(const std::string& what);
// A reply with no body (Jersey's 403/404/405).
ApiReply Empty(int http);
// Unenveloped JSON (the housekeeping leader endpoint).
ApiReply Raw(int http, const Json& body);

// Sends an ApiReply through a Responder.
void Send(const core::Responder& responder, const ApiReply& reply);

}  // namespace drove::epoch::api
