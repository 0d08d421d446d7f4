// Serving the operator UI: files with their ETag and the UI's security headers, history routing
// (an unknown page path serves index.html), Drove's page URLs as 303s, and followers sending
// browsers to the leader.
#include "orchestrator/controller/api/ui_routes.h"

#include <memory>

#include "orchestrator/controller/api/drove_page_urls.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/ui_assets/ui_files.h"
#include "orchestrator/ui_assets/ui_reply.h"

namespace drove::controller::api {
namespace {

ApiResponse FromUi(ui_assets::UiReply reply) {
  return ApiResponse{reply.status, std::move(reply.content_type), std::move(reply.headers),
                     std::move(reply.body)};
}

ApiResponse UiResponse(int status, std::string content_type, std::string body) {
  return FromUi(ui_assets::UiResponse(status, std::move(content_type), std::move(body)));
}

ApiResponse SeeOther(const std::string& location) { return FromUi(ui_assets::SeeOther(location)); }

// A meta refresh, not a script: the CSP forbids inline scripts.
ApiResponse NoLeader() {
  ApiResponse response = UiResponse(
      503, "text/html; charset=utf-8",
      "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" "
      "content=\"5\"><title>Drove: no leader</title></head><body><p>No controller leads the "
      "cluster right now. This page retries every 5 seconds.</p></body></html>\n");
  response.headers.emplace_back("Retry-After", "5");
  return response;
}

ApiResponse FileResponse(const ui_assets::UiFile& file, const ApiRequest& request) {
  return FromUi(ui_assets::FileReply(file, request.header("If-None-Match").value_or("")));
}

class UiServer {
 public:
  UiServer(ControllerCore* core, std::unique_ptr<ui_assets::UiFiles> files, std::string node_id,
           std::string scheme)
      : core_(core),
        files_(std::move(files)),
        node_id_(std::move(node_id)),
        scheme_(std::move(scheme)) {}

  ApiResponse Serve(const ApiRequest& request) const {
    const std::string& path = request.Param("path");  // "" for /ui itself and Drove's pages
    if (!path.empty()) {
      if (auto file = files_->Find(path)) return FileResponse(*file, request);
    }
    if (!core_->IsLeader()) return ToLeader(request);
    if (auto target = UiPathForDrovePage(request.path, request.query)) return SeeOther(*target);
    // Page paths are the router's; under logs/ the last segment is the log file's name.
    return FromUi(ui_assets::PageReply(*files_, path, request.path, "index.html",
                                       request.header("If-None-Match").value_or(""), {"logs/"}));
  }

 private:
  // Every controller of a cluster is configured alike, so the leader speaks this node's scheme.
  ApiResponse ToLeader(const ApiRequest& request) const {
    const std::string leader = core_->LeaderNodeId();
    if (leader.empty() || leader == node_id_) return NoLeader();
    std::string location = scheme_ + "://" + leader + request.path;
    if (!request.query.empty()) location += "?" + core::BuildQuery(request.query);
    return SeeOther(location);
  }

  ControllerCore* core_;
  std::unique_ptr<ui_assets::UiFiles> files_;
  std::string node_id_;
  std::string scheme_;
};

nlohmann::json InstallationJson(const std::optional<UiInstallation>& installation) {
  if (!installation) return nullptr;
  return {{"label", installation->label}, {"criticality", installation->criticality}};
}

}  // namespace

void AddUiRoutes(ControllerCore* core, const ControllerConfig& config, const std::string& node_id,
                 std::vector<Route>* routes) {
  auto files = config.ui.directory.empty() ? ui_assets::EmbeddedUiFiles()
                                           : ui_assets::DirectoryUiFiles(config.ui.directory);
  auto server = std::make_shared<const UiServer>(core, std::move(files), node_id,
                                                 config.tls.serving() ? "https" : "http");
  Handler serve = Sync([server](const ApiRequest& request) { return server->Serve(request); });
  std::vector<std::string> patterns = {"/ui", "/ui/{path...}"};
  for (const std::string& pattern : DrovePagePatterns()) patterns.push_back(pattern);
  for (const std::string& pattern : patterns) {
    routes->push_back(Route{"GET", pattern, serve, std::nullopt, /*any_node=*/true});
  }
  nlohmann::json ui_config = {{"installation", InstallationJson(config.ui.installation)},
                              {"version", DROVE_VERSION}};
  routes->push_back(Route{"GET", kUiConfigPath,
                          Sync([ui_config](const ApiRequest&) { return Success(ui_config); })});
}

}  // namespace drove::controller::api
