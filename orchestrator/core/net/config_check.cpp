// `--check` helpers shared by drove-controller, drove-executor and drove-epoch.
#include "orchestrator/core/net/config_check.h"

#include <cstdio>

#include "orchestrator/core/net/tls_server_context.h"

namespace drove::core {

Status CheckServingTls(const TlsConfig& tls) {
  if (!tls.serving()) return Status::Ok();
  auto context = TlsServerContext::Load(tls);
  if (!context.ok()) return Status::Error("cannot serve HTTPS: " + context.error());
  return Status::Ok();
}

int ReportConfigCheck(std::string_view binary, const std::string& path, const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), status.message().c_str());
    return 1;
  }
  std::printf("%.*s: %s: OK\n", static_cast<int>(binary.size()), binary.data(), path.c_str());
  return 0;
}

}  // namespace drove::core
