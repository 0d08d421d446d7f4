// The epoch CLI's view of a drove-epoch server: epoch-cli's request helpers and response rules.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include "orchestrator/cli/drove_client.h"
#include "orchestrator/cli/table.h"

namespace drove::epoch_cli {

using Json = cli::Json;

// A failed call: status is the HTTP status, or -1 when the server did not answer; body is what it
// said (for -d). Thrown by EpochClient and caught once by RunEpochCli.
class EpochError : public std::runtime_error {
 public:
  EpochError(int status, const std::string& message, std::string body = "")
      : std::runtime_error(message), status_(status), body_(std::move(body)) {}
  int status() const { return status_; }
  const std::string& body() const { return body_; }

 private:
  int status_;
  std::string body_;
};

// epoch-cli's handle_epoch_response: the body must be JSON, the status 200 and the envelope's
// status SUCCESS; returns `data`, or the whole object when it has none. Throws EpochError with
// epoch-cli's message (the raw text, "Epoch call failed with status code: ...", or the envelope's
// message).
Json HandleEpochResponse(int http_status, const std::string& body);

class EpochClient {
 public:
  // endpoint only names the server in errors; requests go to path_prefix + path over transport.
  EpochClient(cli::Transport transport, std::string endpoint, std::string path_prefix,
              std::map<std::string, std::string> headers);

  Json Get(const std::string& path);
  // body null: no body and no Content-Type, as epoch-cli's json=None.
  Json Put(const std::string& path, const Json* body = nullptr);
  Json Post(const std::string& path, const Json* body = nullptr);
  Json Delete(const std::string& path);
  // An answer without Drove's envelope (the housekeeping leader): 200 and JSON, returned whole.
  Json GetUnwrapped(const std::string& path);

 private:
  core::HttpResponse Send(const std::string& method, const std::string& path, const Json* body);
  Json Call(const std::string& method, const std::string& path, const Json* body);

  cli::Transport transport_;
  std::string endpoint_;
  std::string path_prefix_;
  std::map<std::string, std::string> headers_;
};

}  // namespace drove::epoch_cli
