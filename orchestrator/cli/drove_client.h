// The CLI's view of a Drove controller: envelope handling, GET/POST helpers, log reads and downloads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "orchestrator/cli/cli_config.h"
#include "orchestrator/cli/table.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::cli {

// A failed Drove call. status_code is -1 when the server could not be reached. Thrown by the
// client helpers and caught once by the dispatcher (RunCli), which prints FormatDroveError.
class DroveError : public std::runtime_error {
 public:
  DroveError(int status_code, const std::string& message, Json api_response = Json())
      : std::runtime_error(message), status_code_(status_code),
        api_response_(std::move(api_response)) {}
  int status_code() const { return status_code_; }
  const Json& api_response() const { return api_response_; }  // null when not JSON

 private:
  int status_code_;
  Json api_response_;
};

// One line for stderr: "Error: [400 - FAILED] Command validation failure: a; b" (message plus
// data.validationErrors), or "Error making Drove call: <what>" when there is no envelope.
std::string FormatDroveError(const DroveError& error);

// Checks HTTP status (must be 200) and the envelope (status == SUCCESS); returns data, or the
// whole body when data is absent (drove-cli's handle_drove_response). Throws DroveError.
Json HandleEnvelope(int http_status, const std::string& body);

// Sends one request to the controller (path already includes any endpoint prefix).
using Transport = std::function<core::Result<core::HttpResponse>(const core::HttpRequest&)>;

// drove-cli's retries of a failed GET (epoch-cli makes one).
inline constexpr int kDefaultGetRetries = 5;

// A CLI's TLS settings: verify against ca_file (empty: the system store), or not with insecure.
core::TlsConfig ClientTls(const std::string& ca_file, bool insecure);

// Builds the real transport over core::HttpClient for http:// and https:// endpoints (https
// verified as `tls` says, core::ApplyTlsConfig). On success, *path_prefix receives the
// endpoint's path part ("" usually). A GET that gets no answer is sent again up to get_retries
// times.
core::Result<Transport> MakeHttpTransport(const std::string& endpoint, const core::TlsConfig& tls,
                                          std::string* path_prefix,
                                          int get_retries = kDefaultGetRetries);

// Authorization header per drove-cli: Basic when both username and password are set, otherwise
// the auth_header verbatim, otherwise none.
std::map<std::string, std::string> AuthHeaders(const ConnectionSettings& settings);

class DroveClient {
 public:
  DroveClient(Transport transport, std::string path_prefix,
              std::map<std::string, std::string> headers);

  Json Get(const std::string& path);                        // envelope
  Json Post(const std::string& path, const Json& body);     // envelope, JSON body
  Json PostNoBody(const std::string& path);                 // envelope, no body (cancel)
  Json GetRaw(const std::string& path);                     // 200 + JSON, no envelope (log APIs)
  int64_t Download(const std::string& path, const std::string& file_name);  // bytes written
  void Ping() { Get("/apis/v1/ping"); }

  // Ids of the instances a GET of instances_path lists, optionally HEALTHY only.
  std::set<std::string> InstanceIds(const std::string& instances_path, bool healthy_only);

 private:
  core::HttpResponse Send(const std::string& method, const std::string& path,
                          const std::string* body);

  Transport transport_;
  std::string path_prefix_;
  std::map<std::string, std::string> headers_;
};

// Percent-encodes one path segment (ids and file names).
std::string EncodeSegment(const std::string& segment);

}  // namespace drove::cli
