// EpochClient: one request per call over the shared CLI transport, checked as epoch-cli does.
#include "orchestrator/epoch_cli/epoch_client.h"

#include "orchestrator/epoch_cli/texts.h"

namespace drove::epoch_cli {

Json HandleEpochResponse(int http_status, const std::string& body) {
  // epoch-cli parses first: a body that is not JSON is the error whatever the status (a 401's
  // text). An empty one (403) said nothing, so the status is named instead.
  if (body.empty()) throw EpochError(http_status, texts::CallFailed(http_status));
  Json response = Json::parse(body, nullptr, false);
  if (response.is_discarded()) throw EpochError(http_status, body, body);
  if (http_status != 200) {
    throw EpochError(http_status, texts::CallFailed(http_status, body), body);
  }
  if (response.is_null()) throw EpochError(http_status, texts::CallFailed(http_status));
  if (!response.is_object() || !response.contains("status")) {
    throw EpochError(http_status, body, body);
  }
  if (response["status"] != "SUCCESS") {
    throw EpochError(http_status,
                     response.contains("message") ? cli::PyStr(response["message"]) : "", body);
  }
  return response.contains("data") ? response["data"] : response;
}

EpochClient::EpochClient(cli::Transport transport, std::string endpoint, std::string path_prefix,
                         std::map<std::string, std::string> headers)
    : transport_(std::move(transport)),
      endpoint_(std::move(endpoint)),
      path_prefix_(std::move(path_prefix)),
      headers_(std::move(headers)) {}

core::HttpResponse EpochClient::Send(const std::string& method, const std::string& path,
                                     const Json* body) {
  core::HttpRequest request;
  request.method = method;
  request.target = path_prefix_ + path;
  request.headers = headers_;
  request.headers["Accept"] = "application/json";
  if (body != nullptr) {
    request.body = body->dump();
    request.headers["Content-Type"] = "application/json";
  }
  auto response = transport_(request);
  if (!response.ok()) {
    throw EpochError(-1, texts::ConnectFailed(endpoint_, response.error()));
  }
  return std::move(response).value();
}

Json EpochClient::Call(const std::string& method, const std::string& path, const Json* body) {
  const core::HttpResponse response = Send(method, path, body);
  return HandleEpochResponse(response.status, response.body);
}

Json EpochClient::GetUnwrapped(const std::string& path) {
  const core::HttpResponse response = Send("GET", path, nullptr);
  Json parsed = Json::parse(response.body, nullptr, false);
  if (response.status != 200 || parsed.is_discarded()) {
    throw EpochError(response.status, texts::CallFailed(response.status, response.body),
                     response.body);
  }
  return parsed;
}

Json EpochClient::Get(const std::string& path) { return Call("GET", path, nullptr); }
Json EpochClient::Put(const std::string& path, const Json* body) { return Call("PUT", path, body); }
Json EpochClient::Post(const std::string& path, const Json* body) {
  return Call("POST", path, body);
}
Json EpochClient::Delete(const std::string& path) { return Call("DELETE", path, nullptr); }

}  // namespace drove::epoch_cli
