// The UI's replies, shared by the controller's and drove-epoch's UI routes.
#include "orchestrator/ui_assets/ui_reply.h"

namespace drove::ui_assets {

UiReply UiResponse(int status, std::string content_type, std::string body) {
  UiReply reply{status, std::move(content_type), std::move(body), {}};
  reply.headers = {{"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Referrer-Policy", "same-origin"}};
  return reply;
}

UiReply SeeOther(const std::string& location) {
  UiReply reply = UiResponse(303, "text/plain; charset=utf-8", "See " + location + "\n");
  reply.headers.emplace_back("Location", location);
  return reply;
}

UiReply NotFound(const std::string& what) {
  return UiResponse(404, "text/plain; charset=utf-8", what + "\n");
}

// no-cache: a new build shows at once and costs a 304 otherwise.
UiReply FileReply(const UiFile& file, std::string_view if_none_match) {
  UiReply reply = EtagMatches(if_none_match, file.etag)
                      ? UiResponse(304, "", "")
                      : UiResponse(200, file.content_type, file.bytes);
  reply.headers.emplace_back("ETag", file.etag);
  reply.headers.emplace_back("Cache-Control", "no-cache");
  return reply;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  size_t start = 0;
  while (start < if_none_match.size()) {
    size_t end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);  // If-None-Match compares weakly
    if (tag == "*" || tag == etag) return true;
    start = end + 1;
  }
  return false;
}

bool IsUiPage(std::string_view path, const std::vector<std::string_view>& free_prefixes) {
  for (std::string_view prefix : free_prefixes) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  const size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') == std::string_view::npos;
}

UiReply PageReply(const UiFiles& files, std::string_view path, const std::string& request_path,
                  const std::string& shell, std::string_view if_none_match,
                  const std::vector<std::string_view>& free_prefixes) {
  if (!IsUiPage(path, free_prefixes)) return NotFound("No such file: " + request_path);
  if (auto file = files.Find(shell)) return FileReply(*file, if_none_match);
  return NotFound("This server has no UI (ui/" + shell + " is missing)");
}

}  // namespace drove::ui_assets
