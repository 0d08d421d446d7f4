// The real CLI transport: core::HttpClient to the endpoint, with drove-cli's retries for GETs.
// Several comma-separated endpoints are the controllers of one cluster: requests go to the one
// whose /apis/v1/ping answers 200 (the leader), found again whenever it stops answering or
// says it no longer leads.
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "orchestrator/cli/drove_client.h"
#include "orchestrator/core/net/apply_tls_config.h"

namespace drove::cli {
namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(120);
constexpr auto kPingTimeout = std::chrono::seconds(5);
// A standby refused the request, so nothing happened: any request may go again to the leader.
constexpr const char* kLeaderChanged = "leader changed";

struct Endpoint {
  core::HttpTarget target;
  std::string authority;  // the Host header
};

core::Result<core::HttpResponse> SendTo(const Endpoint& endpoint, const core::HttpRequest& request,
                                        std::chrono::milliseconds timeout) {
  core::HttpRequest with_host = request;
  with_host.headers["Host"] = endpoint.authority;
  return core::HttpClient::Send(endpoint.target, with_host, timeout);
}

// Parses "scheme://authority/prefix"; the prefix goes to *path_prefix.
core::Result<Endpoint> ParseEndpoint(const std::string& text, const core::TlsConfig& tls,
                                     std::string* path_prefix) {
  const std::string scheme = text.rfind("https://", 0) == 0 ? "https://" : "http://";
  const std::string rest = text.rfind(scheme, 0) == 0 ? text.substr(scheme.size()) : text;
  size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  *path_prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!path_prefix->empty() && path_prefix->back() == '/') path_prefix->pop_back();
  auto target = core::HttpTarget::Parse(scheme + authority);
  if (!target.ok()) {
    return core::Result<Endpoint>::Error("bad endpoint " + text + ": " + target.error());
  }
  core::ApplyTlsConfig(tls, &target.value());
  return Endpoint{target.value(), authority};
}

bool SaysNotLeader(const core::HttpResponse& response) {
  return response.status == 400 &&
         response.body.find("This node is not the leader controller") != std::string::npos;
}

// The controllers of one cluster and which of them leads, as far as this process knows.
class Controllers {
 public:
  explicit Controllers(std::vector<Endpoint> endpoints) : endpoints_(std::move(endpoints)) {}

  // One try: to the leader (found first if unknown). A connection error or "not the leader"
  // forgets the leader, so the caller's next try looks again.
  core::Result<core::HttpResponse> SendOnce(const core::HttpRequest& request) {
    if (leader_ < 0 && !FindLeader(request)) {
      std::string names;
      for (const auto& endpoint : endpoints_) {
        names += (names.empty() ? "" : ", ") + endpoint.authority;
      }
      return core::Result<core::HttpResponse>::Error("no controller answered as leader (asked " +
                                                     names + ")");
    }
    auto response = SendTo(endpoints_[leader_], request, kRequestTimeout);
    if (!response.ok() || (endpoints_.size() > 1 && SaysNotLeader(*response))) {
      leader_ = -1;
      if (response.ok()) return core::Result<core::HttpResponse>::Error(kLeaderChanged);
    }
    return response;
  }

 private:
  // The request's own headers authenticate the pings, as drove-cli's would.
  bool FindLeader(const core::HttpRequest& request) {
    if (endpoints_.size() == 1) {
      leader_ = 0;
      return true;
    }
    core::HttpRequest ping;
    ping.target = request.target.substr(0, request.target.find("/apis/")) + "/apis/v1/ping";
    ping.headers = request.headers;
    for (size_t i = 0; i < endpoints_.size(); ++i) {
      auto response = SendTo(endpoints_[i], ping, kPingTimeout);
      if (response.ok() && response->status == 200) {
        leader_ = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }

  std::vector<Endpoint> endpoints_;
  int leader_ = -1;
};

}  // namespace

core::TlsConfig ClientTls(const std::string& ca_file, bool insecure) {
  core::TlsConfig tls;
  tls.ca_file = ca_file;
  tls.insecure = insecure;
  return tls;
}

core::Result<Transport> MakeHttpTransport(const std::string& endpoints, const core::TlsConfig& tls,
                                          std::string* path_prefix, int get_retries) {
  std::vector<Endpoint> parsed;
  size_t start = 0;
  while (start <= endpoints.size()) {
    size_t comma = endpoints.find(',', start);
    std::string text = endpoints.substr(start, comma == std::string::npos ? comma : comma - start);
    start = comma == std::string::npos ? endpoints.size() + 1 : comma + 1;
    if (text.empty()) continue;
    std::string prefix;
    auto endpoint = ParseEndpoint(text, tls, &prefix);
    if (!endpoint.ok()) return endpoint.status();
    if (!parsed.empty() && prefix != *path_prefix) {
      return core::Result<Transport>::Error("endpoints " + endpoints +
                                            ": every endpoint must have the same path");
    }
    *path_prefix = prefix;
    parsed.push_back(endpoint.value());
  }
  if (parsed.empty()) return core::Result<Transport>::Error("no endpoint given");
  auto controllers = std::make_shared<Controllers>(std::move(parsed));
  Transport transport = [controllers, get_retries](const core::HttpRequest& request) {
    const bool idempotent = request.method == "GET";
    core::Result<core::HttpResponse> response =
        core::Result<core::HttpResponse>::Error("not sent");
    for (int attempt = 0; attempt <= get_retries; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
      response = controllers->SendOnce(request);
      if (response.ok() || (!idempotent && response.error() != kLeaderChanged)) break;
    }
    return response;
  };
  return transport;
}

}  // namespace drove::cli
