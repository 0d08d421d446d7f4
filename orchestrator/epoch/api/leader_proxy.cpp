// Forwarding of a follower's API calls to the leader (see leader_proxy.h).
#include "orchestrator/epoch/api/leader_proxy.h"

#include <algorithm>
#include <cctype>

#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/api_reply.h"

namespace drove::epoch::api {
namespace {

constexpr const char* kNoLeader = "No leader found in epoch cluster";
constexpr const char* kProxyError = "Error proxying request due to error: ";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Epoch's RESTRICTED_HEADERS, applied both ways.
bool HopByHop(const std::string& name) {
  static const char* const kNames[] = {
      "connection", "host", "content-length", "accept-encoding", "transfer-encoding", "vary"};
  const std::string lower = Lower(name);
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](const char* n) { return lower == n; });
}

}  // namespace

core::Result<core::HttpRequest> ProxiedRequest(const core::Request& request) {
  const std::string& method = request.method;
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
    return core::Status::Error("Request proxying for " + method + " is unsupported");
  }
  core::HttpRequest out;
  out.method = method;
  const std::string ui_prefix = "/apis/ui/";
  out.target = request.path.rfind(ui_prefix, 0) == 0 ? "/" + request.path.substr(ui_prefix.size())
                                                     : request.path;
  if (!request.query.empty()) out.target += "?" + core::BuildQuery(request.query);
  for (const auto& [name, value] : request.headers) {
    if (HopByHop(name)) continue;
    auto [it, fresh] = out.headers.emplace(name, value);
    // Repeated headers become one, comma-joined (cookies with "; ", as Epoch re-joins them).
    if (!fresh) it->second += (Lower(name) == "cookie" ? "; " : ", ") + value;
  }
  out.headers[kForwardedHeader] = "true";
  if (method == "POST" || method == "PUT") out.body = request.body;
  return out;
}

core::HeaderList ProxiedReplyHeaders(const std::map<std::string, std::string>& headers) {
  core::HeaderList out;
  for (const auto& [name, value] : headers) {
    if (HopByHop(name) || Lower(name) == "content-type") continue;
    out.emplace_back(name, value);
  }
  return out;
}

LeaderProxy::LeaderProxy(int threads, core::TlsConfig tls)
    : pool_("epoch-proxy", threads), tls_(std::move(tls)) {}

LeaderProxy::~LeaderProxy() { Stop(); }

void LeaderProxy::Stop() { pool_.Stop(); }

void LeaderProxy::Forward(const std::string& leader_url, const core::Request& request,
                          const core::Responder& responder) {
  if (leader_url.empty()) {
    Send(responder, Failed(500, kNoLeader));
    return;
  }
  pool_.Submit([this, leader_url, request, responder] {
    auto fail = [&](const std::string& why) {
      DLOG_WARN("proxying to the leader failed",
                {{"leader", leader_url}, {"path", request.path}, {"error", why}});
      Send(responder, Failed(500, kProxyError + why));
    };
    auto target = core::HttpTarget::Parse(leader_url);
    if (!target.ok()) return fail("bad leader id " + leader_url + ": " + target.error());
    core::ApplyTlsConfig(tls_, &target.value());
    auto call = ProxiedRequest(request);
    if (!call.ok()) return fail(call.error());
    auto reply = core::HttpClient::Send(*target, *call, kProxyTimeout);
    if (!reply.ok()) return fail(reply.error());
    auto type = reply->headers.find("content-type");
    responder.Send(reply->status, type == reply->headers.end() ? "" : type->second,
                   std::move(reply->body), ProxiedReplyHeaders(reply->headers));
  });
}

}  // namespace drove::epoch::api
