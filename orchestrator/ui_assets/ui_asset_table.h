// The operator UI's files compiled into the binary: the table embed_ui.cmake generates from ui/,
// and the lookup by path.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace drove::ui_assets {

struct EmbeddedAsset {
  const char* path;  // relative to ui/, e.g. "js/main.js"
  const char* etag;  // strong, quoted: StrongEtag() of the bytes
  const unsigned char* data;
  size_t size;

  std::string_view bytes() const { return {reinterpret_cast<const char*>(data), size}; }
};

// Every file under ui/ except ui/tests/, sorted by path (generated at build time).
const std::vector<EmbeddedAsset>& EmbeddedAssets();

// The asset at `path` (relative, no leading slash), or null.
const EmbeddedAsset* FindAsset(const std::vector<EmbeddedAsset>& assets, std::string_view path);

}  // namespace drove::ui_assets
