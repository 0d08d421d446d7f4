// Origin and content-type checks of browser writes (docs/ui.md, "Server side").
#include "orchestrator/core/net/cross_site_guard.h"

#include <algorithm>
#include <cctype>

namespace drove::core {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "application/json; charset=utf-8" -> "application/json".
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) {
    type.remove_suffix(1);
  }
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) {
    type.remove_prefix(1);
  }
  return Lower(type);
}

bool IsWrite(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A bare text/plain is not counted: Java clients (Apache HttpClient's StringEntity) send JSON
// under it, and a browser's cross-site text/plain post carries an Origin anyway.
bool IsFormType(std::string_view media_type) {
  return media_type == "application/x-www-form-urlencoded" || media_type == "multipart/form-data";
}

}  // namespace

std::string NormalizedOrigin(std::string_view scheme, std::string_view authority) {
  std::string lower_scheme = Lower(scheme);
  std::string host = Lower(authority);
  const std::string default_port = lower_scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() &&
      host.compare(host.size() - default_port.size(), default_port.size(), default_port) == 0) {
    host.resize(host.size() - default_port.size());
  }
  return lower_scheme + "://" + host;
}

std::optional<std::string> CrossSiteRefusal(std::string_view method, const HeaderLookup& header,
                                            size_t body_size, std::string_view scheme) {
  if (!IsWrite(method)) return std::nullopt;
  std::optional<std::string> origin = header("Origin");
  if (origin) {
    const std::string own = NormalizedOrigin(scheme, header("Host").value_or(""));
    const size_t colon = origin->find("://");
    const bool same = colon != std::string::npos &&
                      NormalizedOrigin(origin->substr(0, colon), origin->substr(colon + 3)) == own;
    if (!same) return "Origin " + *origin + " is not this server (" + own + ")";
  }
  const std::string media_type = MediaType(header("Content-Type").value_or(""));
  const bool browser = origin || header("Sec-Fetch-Site") || IsFormType(media_type);
  if (!browser || media_type == "application/json") return std::nullopt;
  if (method == "DELETE" && body_size == 0) return std::nullopt;
  return "A browser's " + std::string(method) + " must send Content-Type application/json";
}

}  // namespace drove::core
