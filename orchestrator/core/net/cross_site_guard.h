// An API's defence against cross-site request forgery, shared by the controller and drove-epoch:
// a browser logged in to either (Basic credentials are sent automatically) must not be made to
// write by another site's page.
// CLI, executors and other programs send no Origin or Sec-Fetch-Site and are not affected.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace drove::core {

// A request header by name (case-insensitive), nullopt when absent.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Why this request must be refused (403), or nullopt. Refused: a write (POST, PUT, PATCH, DELETE)
// whose Origin is not this server's own (`scheme`://Host), and a browser's write whose body
// is not application/json (a DELETE without a body excepted). A browser is a request with an
// Origin or Sec-Fetch-Site header, or a form's content type (urlencoded, multipart): the kinds
// of request a page on another site can send without the server's consent.
std::optional<std::string> CrossSiteRefusal(std::string_view method, const HeaderLookup& header,
                                            size_t body_size, std::string_view scheme);

// "scheme://host[:port]" lower-cased and without the scheme's default port, for comparing an
// Origin with the Host a request was sent to.
std::string NormalizedOrigin(std::string_view scheme, std::string_view authority);

}  // namespace drove::core
