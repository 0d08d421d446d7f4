// Response heads: status lines with their reason phrases, and header hygiene.
#include "orchestrator/core/net/http_response.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/util/log.h"

namespace drove::core {
namespace {

struct Reason {
  int status;
  const char* phrase;
};

constexpr Reason kReasons[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {413, "Payload Too Large"},
    {415, "Unsupported Media Type"},
    {417, "Expectation Failed"},
    {422, "Unprocessable Entity"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

const char* ReasonPhrase(int status) {
  for (const Reason& reason : kReasons) {
    if (reason.status == status) return reason.phrase;
  }
  return "Unknown";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsFraming(std::string_view name) {
  for (const char* framing : {"content-length", "transfer-encoding", "connection", "keep-alive"}) {
    if (EqualsIgnoreCase(name, framing)) return true;
  }
  return false;
}

bool IsValidHeader(std::string_view name, std::string_view value) {
  bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || std::strchr("!#$%&'*+-.^_`|~", u) != nullptr;
  });
  return name_ok && std::none_of(value.begin(), value.end(),
                                 [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

std::string FormatResponseHead(const HttpReply& reply, std::string_view connection) {
  std::string head =
      "HTTP/1.1 " + std::to_string(reply.status) + " " + ReasonPhrase(reply.status) + "\r\n";
  if (!reply.content_type.empty() && IsValidHeader("Content-Type", reply.content_type)) {
    head += "Content-Type: " + reply.content_type + "\r\n";
  }
  for (const auto& [name, value] : reply.headers) {
    if (IsFraming(name)) continue;
    if (!IsValidHeader(name, value)) {
      DLOG_WARN("invalid response header dropped", {{"header", name}});
      continue;
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }
  if (reply.framing == BodyFraming::kChunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (reply.framing == BodyFraming::kLength && !StatusHasNoBody(reply.status)) {
    head += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
  }
  if (!connection.empty()) head.append("Connection: ").append(connection).append("\r\n");
  head += "\r\n";
  return head;
}

HttpReply EdgeError(int status, std::string_view message) {
  return HttpReply{status, "application/json", DumpJson(FrameworkError(status, message)), {}};
}

}  // namespace drove::core
