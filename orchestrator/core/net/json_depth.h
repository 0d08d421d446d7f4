// A linear, iterative scan of a JSON text's nesting depth, so the edge can refuse a deeply nested
// body before any handler's recursive parser sees it. No validation beyond strings and brackets.
#pragma once

#include <string_view>

namespace drove::core {

// True when `text` opens more than `max_depth` arrays/objects at once (brackets inside strings,
// escapes included, do not count).
bool JsonDeeperThan(std::string_view text, int max_depth);

// True for a body the edge should scan: a JSON content type, or text starting with `{` or `[`.
bool LooksLikeJson(std::string_view content_type, std::string_view body);

}  // namespace drove::core
