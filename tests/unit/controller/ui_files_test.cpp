// The operator UI's files: the generated table (lookup, ETags, budget), content types, and the
// directory source used for UI development.
#include "orchestrator/ui_assets/ui_files.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "orchestrator/ui_assets/ui_asset_table.h"

namespace drove::ui_assets {
namespace {

const unsigned char kIndex[] = {'<', 'p', '>', 0};
const unsigned char kMain[] = {'x', ';', 0};

// A table as embed_ui.cmake writes it: sorted by path.
const std::vector<EmbeddedAsset> kTable = {
    {"index.html", "\"i\"", kIndex, 3},
    {"js/main.js", "\"m\"", kMain, 2},
};

// A directory removed with the test.
struct TempDir {
  TempDir() {
    char name[] = "/tmp/drove-ui-test-XXXXXX";
    path = mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(path + "/" + rel).parent_path());
    std::ofstream(path + "/" + rel, std::ios::binary) << text;
  }
  std::string path;
};

BOOST_AUTO_TEST_SUITE(ui_files)

BOOST_AUTO_TEST_CASE(table_lookup_finds_exact_paths_only) {
  const EmbeddedAsset* main = FindAsset(kTable, "js/main.js");
  BOOST_REQUIRE(main != nullptr);
  BOOST_TEST(main->bytes() == "x;");
  BOOST_TEST(FindAsset(kTable, "index.html")->bytes() == "<p>");
  BOOST_TEST(FindAsset(kTable, "js") == nullptr);
  BOOST_TEST(FindAsset(kTable, "/index.html") == nullptr);
  BOOST_TEST(FindAsset(kTable, "zzz.css") == nullptr);
  BOOST_TEST(FindAsset({}, "index.html") == nullptr);
}

BOOST_AUTO_TEST_CASE(content_types_follow_the_extension) {
  BOOST_TEST(ContentTypeFor("index.html") == "text/html; charset=utf-8");
  BOOST_TEST(ContentTypeFor("app.css") == "text/css; charset=utf-8");
  BOOST_TEST(ContentTypeFor("js/pages/app.js") == "text/javascript; charset=utf-8");
  BOOST_TEST(ContentTypeFor("js/x.mjs") == "text/javascript; charset=utf-8");
  BOOST_TEST(ContentTypeFor("logo.svg") == "image/svg+xml");
  BOOST_TEST(ContentTypeFor("favicon.ico") == "image/x-icon");
  BOOST_TEST(ContentTypeFor("a.png") == "image/png");
  BOOST_TEST(ContentTypeFor("m.json") == "application/json");
  BOOST_TEST(ContentTypeFor("js.d/README") == "application/octet-stream");
}

BOOST_AUTO_TEST_CASE(strong_etag_is_a_quoted_sha256_prefix) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
  BOOST_TEST(StrongEtag("abc") == "\"ba7816bf8f01cfea414140de5dae2223\"");
  BOOST_TEST(StrongEtag("abd") != StrongEtag("abc"));
}

// The build's hash (CMake's file(SHA256)) and the server's agree, so --ui-dir and the compiled-in
// files give one file the same ETag.
BOOST_AUTO_TEST_CASE(embedded_files_are_sorted_hashed_and_within_budget) {
  const std::vector<EmbeddedAsset>& assets = EmbeddedAssets();
  size_t total = 0;
  for (size_t i = 0; i < assets.size(); ++i) {
    const EmbeddedAsset& asset = assets[i];
    BOOST_TEST(StrongEtag(asset.bytes()) == asset.etag, asset.path);
    BOOST_TEST(std::string_view(asset.path).rfind("tests/", 0) != 0u, asset.path);
    if (i > 0) BOOST_TEST((std::string_view(assets[i - 1].path) < std::string_view(asset.path)));
    BOOST_TEST(FindAsset(assets, asset.path) == &asset);
    total += asset.size;
  }
  BOOST_TEST(total <= 150u * 1024u);
}

BOOST_AUTO_TEST_CASE(embedded_source_serves_the_table) {
  auto files = EmbeddedUiFiles();
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    auto file = files->Find(asset.path);
    BOOST_REQUIRE(file.has_value());
    BOOST_TEST(file->bytes == asset.bytes());
    BOOST_TEST(file->etag == asset.etag);
    BOOST_TEST(file->content_type == ContentTypeFor(asset.path));
  }
  BOOST_TEST(!files->Find("no/such/file.js").has_value());
}

BOOST_AUTO_TEST_CASE(directory_source_reads_files_and_never_leaves_the_root) {
  TempDir root;
  root.Write("ui/index.html", "<p>dev");
  root.Write("ui/js/main.js", "y;");
  root.Write("secret.txt", "no");
  auto files = DirectoryUiFiles(root.path + "/ui");
  auto main = files->Find("js/main.js");
  BOOST_REQUIRE(main.has_value());
  BOOST_TEST(main->bytes == "y;");
  BOOST_TEST(main->etag == StrongEtag("y;"));
  BOOST_TEST(main->content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(files->Find("index.html")->bytes == "<p>dev");
  root.Write("ui/index.html", "<p>edited");  // read on every request: no restart
  BOOST_TEST(files->Find("index.html")->bytes == "<p>edited");
  for (const char* escape : {"../secret.txt", "js/../../secret.txt", "/etc/passwd", "js//main.js",
                             "./index.html", "js\\..\\..\\secret.txt", "", "js"}) {
    BOOST_TEST(!files->Find(escape).has_value(), escape);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::ui_assets
