// HTTPCallSpec -> one blocking HTTP(S) request over core::HttpClient.
#include "orchestrator/core/fetch/config_fetch.h"

#include <algorithm>
#include <vector>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/util/base64.h"

namespace drove::core {
namespace {

HttpRequest RequestOf(const HttpCallSpec& http) {
  HttpRequest request;
  request.method = std::string(ToString(http.verb.value_or(HttpCallSpec::kDefaultVerb)));
  request.target = http.path.value_or(std::string(HttpCallSpec::kDefaultPath));
  if (http.payload) request.body = *http.payload;
  if (http.headers) {
    for (const auto& [key, value] : *http.headers) request.headers[key] = value;
  }
  if (http.auth_header) {
    request.headers["Authorization"] = *http.auth_header;
  } else if (http.username) {
    request.headers["Authorization"] =
        "Basic " + Base64Encode(*http.username + ":" + http.password.value_or(""));
  }
  return request;
}

}  // namespace

Result<std::string> FetchHttpConfig(const HttpCallSpec& http) {
  HttpTarget target;
  target.host = http.hostname;
  target.tls = http.protocol == Protocol::kHttps;
  target.tls_verify = !http.insecure;
  target.port = http.port > 0 ? http.port : (target.tls ? 443 : 80);
  auto timeout = http.connection_timeout.value_or(HttpCallSpec::DefaultTimeout()).ToMillis() +
                 http.operation_timeout.value_or(HttpCallSpec::DefaultTimeout()).ToMillis();
  const HttpRequest request = RequestOf(http);
  const std::string where = target.ToString() + request.target;
  auto response = HttpClient::Send(target, request, timeout);
  if (!response.ok()) {
    return Status::Error("config fetch from " + where + " failed: " + response.error());
  }
  std::vector<int32_t> codes =
      http.success_codes.value_or(std::vector<int32_t>{HttpCallSpec::kDefaultSuccessCode});
  if (std::find(codes.begin(), codes.end(), response->status) != codes.end()) {
    return response->body;
  }
  return Status::Error("config fetch from " + where + " returned " +
                       std::to_string(response->status));
}

}  // namespace drove::core
