// The controller API's request/reply types and Drove's response shapes (envelope, 4xx/5xx bodies).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/auth/authenticator.h"
#include "orchestrator/core/net/http_server.h"

namespace drove::controller::api {

// One request as a route handler sees it: already authenticated and routed.
struct ApiRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> params;         // {name} path parameters, decoded
  std::multimap<std::string, std::string> query;     // decoded; repeated names kept
  HeaderLookup header;                               // case-insensitive
  std::string body;
  Principal principal;
  std::string remote_address;  // the client's, for the audit trail
  // The server's handle, for the one reply a Reply cannot give: a streamed body (events/stream).
  core::Responder responder;

  std::optional<std::string> Query(const std::string& name) const;
  std::vector<std::string> QueryAll(const std::string& name) const;
  const std::string& Param(const std::string& name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
};

// Sends the reply; thread-safe and called exactly once per request.
using Reply = std::function<void(ApiResponse)>;
// A handler either replies before returning or hands `reply` to another thread.
using Handler = std::function<void(const ApiRequest&, Reply)>;

// Wraps a handler that answers synchronously.
Handler Sync(std::function<ApiResponse(const ApiRequest&)> fn);

// Envelope shapes (drove-api.md 1.2, 1.3). A null `data` is left out of the envelope.
ApiResponse Success(nlohmann::json data);  // by value: a list of 1,000 apps is moved, not copied
// Success with `data` already serialized (valid JSON text), bytes as Success would write them.
ApiResponse SuccessWithDataText(const std::string& data_json);
ApiResponse SoftFailure(const std::string& message,
                        const nlohmann::json& data = nlohmann::json());   // 200 FAILED
ApiResponse CommandValidationFailure(const std::vector<std::string>& errors);  // 400 (b)
ApiResponse JsonValidationFailure(const std::vector<std::string>& errors);     // 400 (c)
ApiResponse CancelFailure();                                                   // 400 (d)
ApiResponse ServerError(const std::string& failure);                            // 500
// Framework-default bodies (no envelope).
ApiResponse Unauthorized();  // 401 text/plain + WWW-Authenticate
ApiResponse Forbidden();     // 403
ApiResponse NotLeader();
ApiResponse StoreUnavailable(const std::string& error);  // 503 FAILED "Store unavailable: <error>"     // 400 "This node is not the leader controller" (drove-api.md 1.4)
ApiResponse NotFound();      // 404
ApiResponse Json(int status, const nlohmann::json& body);

// Parses an optional integer query parameter; nullopt when present but not a valid integer
// (JAX-RS answers that with 404).
std::optional<int64_t> QueryInt(const ApiRequest& request, const std::string& name,
                                int64_t default_value);

}  // namespace drove::controller::api
