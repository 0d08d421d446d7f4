// Drove's own UI page URLs and where each lives in ours (docs/ui.md, "Pages"), so bookmarks and
// links from Drove's tooling keep working: they answer 303 to the /ui/ equivalent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/net/url.h"

namespace drove::controller::api {

// The GET route patterns of Drove's pages outside /ui/ ("/", "/applications/{appId}", ...).
// Drove's older /ui/applications/... URLs are caught by the /ui/ route itself.
const std::vector<std::string>& DrovePagePatterns();

// Where Drove's page at `path` (raw, still percent-encoded; with or without a leading /ui) lives
// in our UI, e.g. /applications/A-1/instances/AI-1/stream?logFileName=output.log ->
// /ui/logs/applications/A-1/AI-1/output.log. nullopt when `path` is no Drove page, or already is
// our page (so a /ui/ path never redirects to itself).
std::optional<std::string> UiPathForDrovePage(std::string_view path,
                                              const core::QueryParams& query);

}  // namespace drove::controller::api
