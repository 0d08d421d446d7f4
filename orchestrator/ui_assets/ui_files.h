// Where the controller (and later drove-epoch) finds the operator UI's files: compiled in, or a
// directory on disk for UI development (edit, reload, no rebuild).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace drove::ui_assets {

struct UiFile {
  std::string content_type;
  std::string etag;  // strong and quoted, as sent in the ETag header
  std::string bytes;
};

class UiFiles {
 public:
  virtual ~UiFiles() = default;
  // The file at `path` (relative to the UI's root, no leading slash); nullopt when there is none
  // or the path tries to leave the root.
  virtual std::optional<UiFile> Find(std::string_view path) const = 0;
};

// The files compiled into the binary.
std::unique_ptr<UiFiles> EmbeddedUiFiles();
// The files under `directory`, read on every request.
std::unique_ptr<UiFiles> DirectoryUiFiles(std::string directory);

// The Content-Type of a UI file by its extension (modules: .js and .mjs are text/javascript).
std::string ContentTypeFor(std::string_view path);
// A strong ETag for `bytes`: the first 128 bits of their SHA-256 in hex, quoted.
std::string StrongEtag(std::string_view bytes);

}  // namespace drove::ui_assets
