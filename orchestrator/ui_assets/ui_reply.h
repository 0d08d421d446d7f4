// The replies of a daemon that serves the operator UI (the controller and drove-epoch): files with
// their ETag and the UI's security headers, 303s, and which paths are the router's pages.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestrator/ui_assets/ui_files.h"

namespace drove::ui_assets {

struct UiReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A reply with the UI's headers: no inline script or style, no framing, no MIME guessing.
UiReply UiResponse(int status, std::string content_type, std::string body);
UiReply SeeOther(const std::string& location);
UiReply NotFound(const std::string& what);
// 200 with the file, or 304 when `if_none_match` names its ETag; revalidated on every load.
UiReply FileReply(const UiFile& file, std::string_view if_none_match);

// Whether an If-None-Match header value names `etag` (a list, weak tags and "*" included).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

// Whether `path` (under /ui/, no leading slash) is a page of the router rather than a file: a
// name without an extension, or anything under one of `free_prefixes` (e.g. "logs/", where the
// last segment is a log file's name).
bool IsUiPage(std::string_view path, const std::vector<std::string_view>& free_prefixes = {});

// History routing for a path that is not one of the files: a page (IsUiPage) gets the `shell`
// file (index.html, epoch.html), anything else 404 naming `request_path`.
UiReply PageReply(const UiFiles& files, std::string_view path, const std::string& request_path,
                  const std::string& shell, std::string_view if_none_match,
                  const std::vector<std::string_view>& free_prefixes = {});

}  // namespace drove::ui_assets
