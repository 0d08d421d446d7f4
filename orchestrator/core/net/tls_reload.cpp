// The SIGHUP handler of HTTPS daemons: new connections get the files as they are now.
#include "orchestrator/core/net/tls_reload.h"

#include <csignal>
#include <string>
#include <utility>

#include "orchestrator/core/util/log.h"

namespace drove::core {

void ReloadTlsOnSighup(EventLoop& loop, std::vector<HttpServer*> servers, const TlsConfig& tls) {
  if (!tls.serving()) return;
  loop.OnSignal(SIGHUP, [servers = std::move(servers), tls] {
    std::string errors;
    for (HttpServer* server : servers) {
      if (Status st = server->ReloadTls(); !st.ok())
        errors += (errors.empty() ? "" : "; ") + st.message();
    }
    if (errors.empty()) {
      DLOG_INFO("SIGHUP: TLS certificate reloaded",
                {{"certFile", tls.cert_file}, {"keyFile", tls.key_file}});
    } else {
      DLOG_ERROR("SIGHUP: TLS reload failed, the previous certificate stays in use",
                 {{"certFile", tls.cert_file}, {"error", errors}});
    }
  });
}

}  // namespace drove::core
