// drove-epoch's operator UI (issue 14): the controller's kit, compiled in, under /ui/ with
// ui/epoch.html as its shell (history routing: a page path serves epoch.html), and Epoch's page
// URLs (/ and /topologies/{id}) as 303s to the UI's. Every node serves these itself: the files
// are the same everywhere and the pages' API calls are forwarded to the leader like any other.
#include "orchestrator/core/net/url.h"
#include "orchestrator/epoch/api/routes.h"
#include "orchestrator/ui_assets/ui_reply.h"

namespace drove::epoch::api {
namespace {

constexpr const char* kShell = "epoch.html";

ApiReply FromUi(ui_assets::UiReply reply) {
  return ApiReply{reply.status, std::move(reply.content_type), std::move(reply.body),
                  std::move(reply.headers)};
}

ApiReply ServeUi(const ui_assets::UiFiles& files, const core::Request& request) {
  const std::string& path = request.Param("path");  // "" for /ui itself
  if (request.path == "/ui") return FromUi(ui_assets::SeeOther("/ui/"));
  const std::string if_none_match = request.Header("If-None-Match").value_or("");
  if (!path.empty()) {
    if (auto file = files.Find(path)) return FromUi(ui_assets::FileReply(*file, if_none_match));
  }
  return FromUi(ui_assets::PageReply(files, path, request.path, kShell, if_none_match));
}

}  // namespace

std::vector<RouteSpec> BrowserRoutes() {
  std::shared_ptr<const ui_assets::UiFiles> files = ui_assets::EmbeddedUiFiles();
  auto serve = [files](ApiContext&, const core::Request& request) {
    return ServeUi(*files, request);
  };
  auto home = [](ApiContext&, const core::Request&) { return FromUi(ui_assets::SeeOther("/ui/")); };
  auto topology_page = [](ApiContext&, const core::Request& request) {
    const std::string id = core::PercentEncode(request.Param("id"));
    return FromUi(ui_assets::SeeOther("/ui/topologies/" + id));
  };
  return {{"GET", "/ui", false, serve},
          {"GET", "/ui/{path...}", false, serve},
          {"GET", "/", false, home},
          {"GET", "/topologies/{id}", false, topology_page}};
}

bool IsBrowserRoute(std::string_view pattern) {
  return pattern == "/ui" || pattern == "/ui/{path...}" || pattern == "/" ||
         pattern == "/topologies/{id}";
}

}  // namespace drove::epoch::api
