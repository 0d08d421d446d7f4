// Lookup in the generated table of the operator UI's files.
#include "orchestrator/ui_assets/ui_asset_table.h"

#include <algorithm>

namespace drove::ui_assets {

const EmbeddedAsset* FindAsset(const std::vector<EmbeddedAsset>& assets, std::string_view path) {
  auto it = std::lower_bound(assets.begin(), assets.end(), path,
                             [](const EmbeddedAsset& a, std::string_view p) { return a.path < p; });
  if (it == assets.end() || it->path != path) return nullptr;
  return &*it;
}

}  // namespace drove::ui_assets
