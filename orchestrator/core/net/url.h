// URL helpers: percent-encoding and query strings (repeated keys kept, as Drove's `?id=a&id=b`).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::core {

// Query parameters in arrival order per key; a repeated key forms a set (`state=A&state=B`).
using QueryParams = std::multimap<std::string, std::string>;

// Encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view text);
// Decodes %XX escapes (and '+' as space when plus_as_space). nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space = false);

// Parses "a=1&b=2&a=3" (no leading '?'). Keys without '=' get an empty value; bad escapes are
// kept verbatim rather than failing the whole request.
QueryParams ParseQuery(std::string_view query);
// Builds "a=1&a=3&b=2" with each key and value percent-encoded.
std::string BuildQuery(const QueryParams& params);

// All values of `key`, in order.
std::vector<std::string> QueryValues(const QueryParams& params, std::string_view key);
// First value of `key`.
std::optional<std::string> QueryValue(const QueryParams& params, std::string_view key);

}  // namespace drove::core
