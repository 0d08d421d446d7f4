// A reply as handlers give it, the bytes of its HTTP/1.1 head, and the JSON replies the edge
// sends on its own (413, 431, 408, 429, ...).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drove::core {

// How the body's end is told: Content-Length, or for a body sent in pieces over time (a stream)
// chunked encoding, or the connection's close for an HTTP/1.0 client.
enum class BodyFraming { kLength, kChunked, kUntilClose };

struct HttpReply {
  int status = 200;
  std::string content_type;  // no Content-Type header when empty
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  BodyFraming framing = BodyFraming::kLength;
};

// "HTTP/1.1 <status> <reason>", Content-Type, the reply's headers (framing headers and invalid
// ones dropped: the server frames every reply), Content-Length (except 1xx, 204 and 304) or
// Transfer-Encoding as the reply's framing says, and
// `Connection: <connection>` unless connection is empty; then the blank line.
std::string FormatResponseHead(const HttpReply& reply, std::string_view connection);

// {"code":status,"message":message} as application/json, Dropwizard's shape for 404 and 405.
HttpReply EdgeError(int status, std::string_view message);

// True for statuses whose replies never carry a body.
bool StatusHasNoBody(int status);

}  // namespace drove::core
