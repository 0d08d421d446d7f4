// SIGHUP reloads the certificate and key of a daemon's HTTPS servers, one log line per reload.
#pragma once

#include <vector>

#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/net/tls_config.h"

namespace drove::core {

// Does nothing unless tls.serving(), so a daemon on plain HTTP keeps SIGHUP's default. The
// servers must outlive the loop's Run().
void ReloadTlsOnSighup(EventLoop& loop, std::vector<HttpServer*> servers, const TlsConfig& tls);

}  // namespace drove::core
