// The two sources of the operator UI's files (compiled in, or a directory) and what both need:
// the content type by extension and the ETag.
#include "orchestrator/ui_assets/ui_files.h"

#include <openssl/sha.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "orchestrator/ui_assets/ui_asset_table.h"

namespace drove::ui_assets {
namespace {

class Embedded : public UiFiles {
 public:
  std::optional<UiFile> Find(std::string_view path) const override {
    const EmbeddedAsset* asset = FindAsset(EmbeddedAssets(), path);
    if (asset == nullptr) return std::nullopt;
    return UiFile{ContentTypeFor(path), asset->etag, std::string(asset->bytes())};
  }
};

// A path that stays under the root: relative, no empty, "." or ".." segment, no backslash.
bool Contained(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

class Directory : public UiFiles {
 public:
  explicit Directory(std::string root) : root_(std::move(root)) {}

  std::optional<UiFile> Find(std::string_view path) const override {
    if (!Contained(path)) return std::nullopt;
    const std::string file = root_ + "/" + std::string(path);
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;  // a directory opens
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return std::nullopt;
    std::string text = std::move(bytes).str();
    std::string etag = StrongEtag(text);
    return UiFile{ContentTypeFor(path), std::move(etag), std::move(text)};
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<UiFiles> EmbeddedUiFiles() { return std::make_unique<Embedded>(); }

std::unique_ptr<UiFiles> DirectoryUiFiles(std::string directory) {
  return std::make_unique<Directory>(std::move(directory));
}

std::string ContentTypeFor(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
  };
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string_view ext = path.substr(dot);
    for (const auto& [known, type] : kTypes) {
      if (ext == known) return std::string(type);
    }
  }
  return "application/octet-stream";
}

std::string StrongEtag(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (int i = 0; i < 16; ++i) {
    etag.push_back(kHex[digest[i] >> 4]);
    etag.push_back(kHex[digest[i] & 0xf]);
  }
  etag.push_back('"');
  return etag;
}

}  // namespace drove::ui_assets
