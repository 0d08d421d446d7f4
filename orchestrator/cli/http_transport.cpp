// The real CLI transport: core::HttpClient to the endpoint, with drove-cli's retries for GETs.
#include <chrono>
#include <thread>

#include "orchestrator/cli/drove_client.h"

namespace drove::cli {
namespace {

constexpr int kRetries = 5;
constexpr auto kRequestTimeout = std::chrono::seconds(120);

}  // namespace

core::Result<Transport> MakeHttpTransport(const std::string& endpoint, bool insecure,
                                          std::string* path_prefix) {
  const std::string scheme = endpoint.rfind("https://", 0) == 0 ? "https://" : "http://";
  const std::string rest =
      endpoint.rfind(scheme, 0) == 0 ? endpoint.substr(scheme.size()) : endpoint;
  size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  *path_prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!path_prefix->empty() && path_prefix->back() == '/') path_prefix->pop_back();
  auto target = core::HttpTarget::Parse(scheme + authority);
  if (!target.ok()) {
    return core::Result<Transport>::Error("bad endpoint " + endpoint + ": " + target.error());
  }
  target->tls_verify = !insecure;
  core::HttpTarget http_target = target.value();
  Transport transport = [http_target, host_header = authority](const core::HttpRequest& request) {
    core::HttpRequest with_host = request;
    with_host.headers["Host"] = host_header;
    int attempts = request.method == "GET" ? kRetries + 1 : 1;
    core::Result<core::HttpResponse> response =
        core::Result<core::HttpResponse>::Error("not sent");
    for (int attempt = 0; attempt < attempts; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
      response = core::HttpClient::Send(http_target, with_host, kRequestTimeout);
      if (response.ok()) break;
    }
    return response;
  };
  return transport;
}

}  // namespace drove::cli
